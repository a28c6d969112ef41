package dev.measureme.server.adapter.rabbit;

import dev.measureme.core.event.Event;
import dev.measureme.core.event.IngestBatch;
import dev.measureme.core.event.RoutedBatch;
import java.util.List;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON of broker messages. One message carries a list: the ingest batches of several requests, the routed
 * batches bound for one partition, or the live events of one user. Integral attribute values are read back as
 * {@code Long}, as the parser made them, so that an event survives the trip unchanged.
 */
final class BatchCodec {

    record IngestMessage(List<IngestBatch> batches) {}

    record WorkMessage(List<RoutedBatch> batches) {}

    record LiveMessage(List<Event> events) {}

    private final JsonMapper json;

    BatchCodec() {
        this.json = JsonMapper.builder()
                .enable(DeserializationFeature.USE_LONG_FOR_INTS)
                .build();
    }

    byte[] encode(Object message) {
        return json.writeValueAsBytes(message);
    }

    <T> T decode(byte[] body, Class<T> type) {
        return json.readValue(body, type);
    }
}
