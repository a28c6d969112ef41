package dev.measureme.core.event;

import java.time.ZoneId;

/** An ingest batch after the router attached its user's timezone, on its way to one work partition. */
public record RoutedBatch(IngestBatch batch, ZoneId zone) {}
