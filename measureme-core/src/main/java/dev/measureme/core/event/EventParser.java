package dev.measureme.core.event;

import static dev.measureme.core.event.EventLimits.*;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an ingest request body and decides, event by event, what is accepted (DESIGN.md §4).
 *
 * <p><b>How it works.</b> The body is streamed once. The top-level object is either a single event or
 * {@code {"sent_at": …, "events": [ … ]}}; each element of {@code events} is read as a tree while its byte
 * offsets are noted, so that the 32 KiB per-event limit is measured on the bytes the client sent. Then each
 * event is validated on its own: a bad event becomes a {@link Rejection} naming its index, field and reason,
 * and never spoils its neighbours. Request-level faults (syntax, shape, too many events) refuse the whole
 * body with a {@link RequestProblem}.
 *
 * <p><b>Clock skew.</b> With {@code sent_at}, the stored time is {@code received + (timestamp − sent_at)}, as
 * PostHog and Segment do; the corrected time must lie after 2000-01-01 and at most 24 h ahead of the
 * receive time.
 *
 * <p><b>Concurrency.</b> Instances are immutable and safe to share between request threads.
 */
public final class EventParser {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern TYPE = Pattern.compile("[a-z0-9_.-]{1,64}");
    private static final Set<String> EVENT_FIELDS =
            Set.of("id", "type", "value", "unit", "duration", "category", "timestamp", "source", "attributes");
    private static final String TIME_RULE = "must be an ISO-8601 date-time with offset or epoch milliseconds";

    private final JsonMapper mapper;
    private final InstantSource clock;
    private final UuidV7 ids;

    public EventParser(InstantSource clock) {
        this.clock = clock;
        this.ids = new UuidV7(clock);
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxStringLength(MAX_STRING_LENGTH)
                        .maxDocumentLength(MAX_BODY_BYTES)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        // Events are read one by one from a stream that goes on after each of them.
        this.mapper = JsonMapper.builder(factory)
                .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /**
     * Parses and validates one request body.
     *
     * @param body the decompressed body, at most {@link EventLimits#MAX_BODY_BYTES}
     * @param user the owner of the API key; every accepted event belongs to this user
     * @param defaultSource the API key's source name, used where an event names none
     */
    public ParseResult parse(byte[] body, String user, String defaultSource) {
        if (body.length > MAX_BODY_BYTES) {
            return new ParseResult.Refused(RequestProblem.tooLarge("body", "body is larger than 1 MiB"));
        }
        Instant received = clock.instant();
        RawRequest raw;
        try (JsonParser parser = mapper.createParser(body)) {
            raw = readRequest(parser, body.length);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            int line = at == null ? 0 : at.getLineNr();
            int column = at == null ? 0 : at.getColumnNr();
            return new ParseResult.Refused(new RequestProblem(
                    RequestProblem.Kind.MALFORMED, "body", "malformed JSON: " + e.getOriginalMessage(), line, column));
        } catch (RefusedException e) {
            return new ParseResult.Refused(e.problem);
        }
        Instant sentAt = null;
        if (raw.sentAt != null) {
            sentAt = readInstant(raw.sentAt);
            if (sentAt == null) {
                return new ParseResult.Refused(RequestProblem.malformed("sent_at", "sent_at " + TIME_RULE));
            }
        }
        List<Event> accepted = new ArrayList<>(raw.events.size());
        List<Rejection> rejected = new ArrayList<>();
        for (int i = 0; i < raw.events.size(); i++) {
            RawEvent event = raw.events.get(i);
            Object outcome = validate(i, event, user, defaultSource, received, sentAt);
            if (outcome instanceof Event e) {
                accepted.add(e);
            } else {
                rejected.add((Rejection) outcome);
            }
        }
        return new ParseResult.Parsed(accepted, rejected);
    }

    private record RawEvent(JsonNode node, long bytes) {}

    private record RawRequest(JsonNode sentAt, List<RawEvent> events) {}

    private static final class RefusedException extends RuntimeException {
        final RequestProblem problem;

        RefusedException(RequestProblem problem) {
            super(problem.reason(), null, false, false);
            this.problem = problem;
        }
    }

    private RawRequest readRequest(JsonParser parser, int bodyLength) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new RefusedException(
                    RequestProblem.malformed("body", "body must be one event object or {\"events\": [...]}"));
        }
        Map<String, JsonNode> topLevel = new LinkedHashMap<>();
        List<RawEvent> events = null;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("events") && value == JsonToken.START_ARRAY) {
                events = readEvents(parser);
            } else {
                topLevel.put(name, mapper.readTree(parser));
            }
        }
        if (parser.nextToken() != null) {
            throw new RefusedException(RequestProblem.malformed("body", "unexpected content after the JSON object"));
        }
        JsonNode sentAt = topLevel.remove("sent_at");
        if (events != null) {
            if (!topLevel.isEmpty()) {
                String unknown = topLevel.keySet().iterator().next();
                throw new RefusedException(RequestProblem.malformed(
                        unknown, "unknown field in a batch: only sent_at and events are allowed"));
            }
            return new RawRequest(sentAt, events);
        }
        if (topLevel.containsKey("events")) {
            throw new RefusedException(RequestProblem.malformed("events", "events must be an array"));
        }
        JsonNode single = mapper.createObjectNode().setAll(topLevel);
        return new RawRequest(sentAt, List.of(new RawEvent(single, bodyLength)));
    }

    private List<RawEvent> readEvents(JsonParser parser) {
        List<RawEvent> events = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (events.size() == MAX_EVENTS_PER_REQUEST) {
                throw new RefusedException(RequestProblem.tooLarge(
                        "events", "a request may carry at most " + MAX_EVENTS_PER_REQUEST + " events"));
            }
            long start = parser.currentTokenLocation().getByteOffset();
            JsonNode node = mapper.readTree(parser);
            long end = parser.currentLocation().getByteOffset();
            events.add(new RawEvent(node, end - start));
        }
        return events;
    }

    /** Returns an {@link Event} or a {@link Rejection}. */
    private Object validate(
            int index, RawEvent raw, String user, String defaultSource, Instant received, Instant sentAt) {
        JsonNode node = raw.node;
        if (!node.isObject()) {
            return Rejection.of(index, "event", "must be a JSON object");
        }
        String eventId = node.path("id").isString() ? node.path("id").stringValue() : null;
        Rejection rejection = firstRejection(index, raw);
        if (rejection != null) {
            return eventId != null && ID.matcher(eventId).matches() ? rejection.withEventId(eventId) : rejection;
        }
        boolean generated = eventId == null;
        String id = generated ? ids.next().toString() : eventId;
        Instant timestamp = received;
        JsonNode time = node.get("timestamp");
        if (time != null) {
            timestamp = readInstant(time);
            if (timestamp == null) {
                return new Rejection(index, "timestamp", "timestamp " + TIME_RULE, eventId);
            }
            if (sentAt != null) {
                timestamp = received.plusMillis(timestamp.toEpochMilli() - sentAt.toEpochMilli());
            }
        }
        if (timestamp.isAfter(received.plus(MAX_FUTURE))) {
            return new Rejection(index, "timestamp", "more than 24h in the future", eventId);
        }
        if (timestamp.isBefore(EARLIEST)) {
            return new Rejection(index, "timestamp", "before 2000-01-01", eventId);
        }
        double value = node.has("value") ? node.get("value").doubleValue() : 1.0;
        long durationMs = node.has("duration") ? Math.round(node.get("duration").doubleValue() * 1000.0) : 0L;
        String source = node.has("source") ? node.get("source").stringValue() : defaultSource;
        return new Event(
                user,
                id,
                node.get("type").stringValue(),
                value,
                optionalString(node, "unit"),
                durationMs,
                optionalString(node, "category"),
                timestamp,
                source,
                attributes(node.get("attributes")),
                received,
                generated);
    }

    private static Rejection firstRejection(int index, RawEvent raw) {
        JsonNode node = raw.node;
        if (raw.bytes > MAX_EVENT_BYTES) {
            return Rejection.of(index, "event", "event is larger than 32 KiB");
        }
        for (String name : node.propertyNames()) {
            if (!EVENT_FIELDS.contains(name)) {
                return Rejection.of(index, name, "unknown field");
            }
        }
        JsonNode id = node.get("id");
        if (id != null && !(id.isString() && ID.matcher(id.stringValue()).matches())) {
            return Rejection.of(index, "id", "must be 1-64 characters of [A-Za-z0-9_.:-]");
        }
        JsonNode type = node.get("type");
        if (type == null || type.isNull()) {
            return Rejection.of(index, "type", "is required");
        }
        if (!(type.isString() && TYPE.matcher(type.stringValue()).matches())) {
            return Rejection.of(index, "type", "must be 1-64 characters of [a-z0-9_.-]");
        }
        JsonNode value = node.get("value");
        if (value != null && !(value.isNumber() && Double.isFinite(value.doubleValue()))) {
            return Rejection.of(index, "value", "must be a finite number");
        }
        Rejection text = checkText(index, node, "unit", MAX_UNIT_LENGTH);
        if (text == null) text = checkText(index, node, "category", MAX_NAME_LENGTH);
        if (text == null) text = checkText(index, node, "source", MAX_NAME_LENGTH);
        if (text != null) {
            return text;
        }
        JsonNode duration = node.get("duration");
        if (duration != null) {
            if (!duration.isNumber() || !Double.isFinite(duration.doubleValue())) {
                return Rejection.of(index, "duration", "must be a number of seconds");
            }
            double seconds = duration.doubleValue();
            if (seconds < 0 || seconds > MAX_DURATION_SECONDS) {
                return Rejection.of(index, "duration", "must be between 0 and 604800 seconds (7 days)");
            }
        }
        return checkAttributes(index, node.get("attributes"));
    }

    private static Rejection checkText(int index, JsonNode node, String field, int maxLength) {
        JsonNode text = node.get(field);
        if (text == null) {
            return null;
        }
        if (!text.isString()
                || text.stringValue().isEmpty()
                || text.stringValue().length() > maxLength) {
            return Rejection.of(index, field, "must be a string of 1-" + maxLength + " characters");
        }
        return null;
    }

    private static Rejection checkAttributes(int index, JsonNode attributes) {
        if (attributes == null) {
            return null;
        }
        if (!attributes.isObject()) {
            return Rejection.of(index, "attributes", "must be a flat JSON object");
        }
        if (attributes.size() > MAX_ATTRIBUTES) {
            return Rejection.of(index, "attributes", "may have at most " + MAX_ATTRIBUTES + " keys");
        }
        for (Map.Entry<String, JsonNode> entry : attributes.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            String field = "attributes." + key;
            if (key.isEmpty() || key.length() > MAX_ATTRIBUTE_KEY_LENGTH) {
                return Rejection.of(index, "attributes", "keys must be 1-" + MAX_ATTRIBUTE_KEY_LENGTH + " characters");
            }
            if (value.isString()) {
                if (value.stringValue().length() > MAX_ATTRIBUTE_VALUE_LENGTH) {
                    return Rejection.of(
                            index, field, "strings may be at most " + MAX_ATTRIBUTE_VALUE_LENGTH + " characters");
                }
            } else if (value.isNumber()) {
                if (!Double.isFinite(value.doubleValue())) {
                    return Rejection.of(index, field, "must be a finite number");
                }
            } else if (!value.isBoolean()) {
                return Rejection.of(index, field, "must be a string, a finite number or a boolean");
            }
        }
        return null;
    }

    private static Map<String, Object> attributes(JsonNode attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : attributes.properties()) {
            JsonNode value = entry.getValue();
            Object plain;
            if (value.isString()) {
                plain = value.stringValue();
            } else if (value.isBoolean()) {
                plain = value.booleanValue();
            } else if (value.isIntegralNumber() && value.canConvertToLong()) {
                plain = value.longValue();
            } else {
                plain = value.doubleValue();
            }
            values.put(entry.getKey(), plain);
        }
        return values;
    }

    private static String optionalString(JsonNode node, String field) {
        JsonNode text = node.get(field);
        return text == null ? null : text.stringValue();
    }

    /** An ISO-8601 date-time with offset, or integral epoch milliseconds; {@code null} for anything else. */
    private static Instant readInstant(JsonNode time) {
        if (time.isIntegralNumber() && time.canConvertToLong()) {
            long millis = time.longValue();
            if (Math.abs(millis) > 1_000_000_000_000_000L) {
                return null;
            }
            return Instant.ofEpochMilli(millis);
        }
        if (time.isString()) {
            try {
                Instant parsed = OffsetDateTime.parse(time.stringValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant();
                // Stored at millisecond precision, like epoch-millisecond timestamps.
                return Instant.ofEpochMilli(parsed.toEpochMilli());
            } catch (DateTimeException e) {
                return null;
            }
        }
        return null;
    }
}
