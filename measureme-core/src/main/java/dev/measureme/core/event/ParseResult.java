package dev.measureme.core.event;

import java.util.List;

/** The outcome of reading one ingest request body. */
public sealed interface ParseResult {

    /** The body had the right shape; each event was accepted or rejected on its own. */
    record Parsed(List<Event> accepted, List<Rejection> rejected) implements ParseResult {
        public Parsed {
            accepted = List.copyOf(accepted);
            rejected = List.copyOf(rejected);
        }
    }

    /** The body as a whole was refused; no event in it is accepted. */
    record Refused(RequestProblem problem) implements ParseResult {}
}
