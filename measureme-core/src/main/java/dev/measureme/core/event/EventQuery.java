package dev.measureme.core.event;

import java.time.Instant;

/**
 * A page of a user's stored events, newest first.
 *
 * @param user whose events
 * @param from earliest timestamp, inclusive
 * @param to latest timestamp, exclusive
 * @param type only this metric, or {@code null} for all
 * @param after continue after this position, or {@code null} for the first page
 * @param limit most events to return
 */
public record EventQuery(String user, Instant from, Instant to, String type, EventCursor after, int limit) {}
