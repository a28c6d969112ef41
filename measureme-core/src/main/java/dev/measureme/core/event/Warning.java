package dev.measureme.core.event;

import java.time.Instant;

/**
 * A rejected event, kept so that its owner can see what went wrong (ingestion warnings). Nothing sent to
 * MeasureMe is dropped silently.
 *
 * @param user the owner of the API key that sent it
 * @param receivedAt when the request arrived
 * @param source the API key's source name
 * @param rejection the index, field and reason
 */
public record Warning(String user, Instant receivedAt, String source, Rejection rejection) {}
