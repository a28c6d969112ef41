package dev.measureme.core.contract;

import dev.measureme.core.event.Event;
import dev.measureme.core.event.IngestBatch;
import dev.measureme.core.event.Rejection;
import dev.measureme.core.event.RoutedBatch;
import dev.measureme.core.event.Warning;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Builds the events and batches that the contracts feed to adapters, so that a test reads like prose: {@code
 * anEvent("ann", "e1").ofType("pushups").value(20).at(T0).build()}.
 */
public final class ContractEvents {

    /** A fixed instant the contracts are built around: 2026-12-02T20:30:00Z. */
    public static final Instant T0 = Instant.parse("2026-12-02T20:30:00Z");

    /** The source that events and warnings carry unless told otherwise. */
    public static final String SOURCE = "contract-test";

    private ContractEvents() {}

    public static EventBuilder anEvent(String user, String id) {
        return new EventBuilder(user, id);
    }

    public static IngestBatch batchOf(String user, List<Event> events) {
        return new IngestBatch(user, events, List.of());
    }

    public static IngestBatch batchOf(String user, List<Event> events, List<Warning> warnings) {
        return new IngestBatch(user, events, warnings);
    }

    /** A batch of events routed with UTC. */
    public static RoutedBatch routed(String user, Event... events) {
        return new RoutedBatch(batchOf(user, List.of(events)), ZoneOffset.UTC);
    }

    public static RoutedBatch routed(String user, ZoneId zone, Event... events) {
        return new RoutedBatch(batchOf(user, List.of(events)), zone);
    }

    public static Warning aWarning(String user, Instant receivedAt, int index, String field, String reason, String id) {
        return new Warning(user, receivedAt, SOURCE, new Rejection(index, field, reason, id));
    }

    /** A mutable builder of one {@link Event}; defaults: type {@code pushups}, value 1, at {@link #T0}. */
    public static final class EventBuilder {
        private final String user;
        private final String id;
        private String type = "pushups";
        private double value = 1;
        private String unit;
        private long durationMs;
        private String category;
        private Instant timestamp = T0;
        private String source = SOURCE;
        private Map<String, Object> attributes = Map.of();
        private Instant receivedAt;

        private EventBuilder(String user, String id) {
            this.user = user;
            this.id = id;
        }

        public EventBuilder ofType(String type) {
            this.type = type;
            return this;
        }

        public EventBuilder value(double value) {
            this.value = value;
            return this;
        }

        public EventBuilder unit(String unit) {
            this.unit = unit;
            return this;
        }

        public EventBuilder lasting(Duration duration) {
            this.durationMs = duration.toMillis();
            return this;
        }

        public EventBuilder category(String category) {
            this.category = category;
            return this;
        }

        public EventBuilder at(Instant timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        public EventBuilder source(String source) {
            this.source = source;
            return this;
        }

        public EventBuilder attributes(Map<String, Object> attributes) {
            this.attributes = attributes;
            return this;
        }

        public EventBuilder receivedAt(Instant receivedAt) {
            this.receivedAt = receivedAt;
            return this;
        }

        public Event build() {
            Instant received = receivedAt != null ? receivedAt : timestamp.plusSeconds(1);
            return new Event(
                    user, id, type, value, unit, durationMs, category, timestamp, source, attributes, received, false);
        }
    }
}
