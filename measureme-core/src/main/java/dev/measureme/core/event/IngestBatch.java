package dev.measureme.core.event;

import java.util.List;

/**
 * What ingest hands to the bus for one request: the accepted events and the warnings about the rejected
 * ones, all of one user.
 */
public record IngestBatch(String user, List<Event> events, List<Warning> warnings) {
    public IngestBatch {
        events = List.copyOf(events);
        warnings = List.copyOf(warnings);
    }
}
