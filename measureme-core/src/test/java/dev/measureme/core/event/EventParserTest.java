package dev.measureme.core.event;

import static dev.measureme.core.fixture.BatchBuilder.aBatch;
import static dev.measureme.core.fixture.EventBuilder.anEvent;
import static dev.measureme.core.fixture.Times.T0;
import static dev.measureme.core.fixture.Times.clockAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

import dev.measureme.core.fixture.EventBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The event contract of DESIGN.md §4, rule by rule. Every request is received at {@link dev.measureme.core.fixture.Times#T0}. */
class EventParserTest {

    private static final String USER = "guest";
    private static final String KEY_SOURCE = "phone-app";

    private final EventParser parser = new EventParser(clockAt(T0));

    @Nested
    class Id {

        @Test
        void parse_whenIdUsesEveryAllowedCharacterClass_keepsIdAsGiven() {
            Event event = accepted(anEvent().withId("Run-2026.06.15:morning_1"));

            assertThat(event.id()).isEqualTo("Run-2026.06.15:morning_1");
            assertThat(event.idGenerated()).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"has space", "slash/", "hash#", "ümlaut", ""})
        void parse_whenIdHasCharacterOutsideCharset_rejectsId(String id) {
            Rejection rejection = rejected(anEvent().withId(id));

            assertThat(rejection.field()).isEqualTo("id");
            assertThat(rejection.eventId()).isNull();
        }

        @Test
        void parse_whenIdIs64Characters_acceptsIt() {
            String id = "a".repeat(64);

            assertThat(accepted(anEvent().withId(id)).id()).isEqualTo(id);
        }

        @Test
        void parse_whenIdIs65Characters_rejectsId() {
            assertThat(rejected(anEvent().withId("a".repeat(65))).field()).isEqualTo("id");
        }

        @ParameterizedTest
        @ValueSource(strings = {"42", "true", "null", "[\"a\"]", "{\"a\":1}"})
        void parse_whenIdIsNotString_rejectsId(String rawId) {
            assertThat(rejected(anEvent().with("id", rawId)).field()).isEqualTo("id");
        }

        @Test
        void parse_whenIdMissing_generatesUuidV7FromReceiveTime() {
            Event event = accepted(anEvent().without("id"));

            UUID id = UUID.fromString(event.id());
            assertThat(event.idGenerated()).isTrue();
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(1_781_524_800_000L); // T0 in epoch ms
        }

        @Test
        void parse_whenSeveralIdsMissing_generatesDistinctIds() {
            ParseResult.Parsed parsed =
                    parsed(aBatch().of(Collections.nCopies(100, anEvent())).bytes());

            assertThat(parsed.accepted()).extracting(Event::id).doesNotHaveDuplicates();
            assertThat(parsed.accepted()).allMatch(Event::idGenerated);
        }
    }

    @Nested
    class Type {

        @Test
        void parse_whenTypeMissing_rejectsTypeAsRequired() {
            Rejection rejection = rejected(anEvent().without("type"));

            assertThat(rejection.field()).isEqualTo("type");
            assertThat(rejection.reason()).contains("required");
        }

        @ParameterizedTest
        @ValueSource(strings = {"pushups", "study.minutes", "water.glasses", "run_5k", "heart-rate", "0"})
        void parse_whenTypeUsesAllowedCharacters_keepsIt(String type) {
            assertThat(accepted(anEvent().ofType(type)).type()).isEqualTo(type);
        }

        @ParameterizedTest
        @ValueSource(strings = {"push ups", "push/ups", "push:ups", "pushups!", "", "pöshups"})
        void parse_whenTypeHasCharacterOutsideCharset_rejectsType(String type) {
            assertThat(rejected(anEvent().ofType(type)).field()).isEqualTo("type");
        }

        @ParameterizedTest
        @ValueSource(strings = {"Pushups", "PUSHUPS", "study.Minutes"})
        void parse_whenTypeHasUppercase_rejectsType(String type) {
            assertThat(rejected(anEvent().ofType(type)).field()).isEqualTo("type");
        }

        @Test
        void parse_whenTypeIs64Characters_acceptsIt() {
            assertThat(accepted(anEvent().ofType("t".repeat(64))).type()).hasSize(64);
        }

        @Test
        void parse_whenTypeIs65Characters_rejectsType() {
            assertThat(rejected(anEvent().ofType("t".repeat(65))).field()).isEqualTo("type");
        }

        @ParameterizedTest
        @ValueSource(strings = {"42", "null", "true", "{\"name\":\"pushups\"}"})
        void parse_whenTypeIsNotString_rejectsType(String rawType) {
            assertThat(rejected(anEvent().with("type", rawType)).field()).isEqualTo("type");
        }
    }

    @Nested
    class Value {

        @Test
        void parse_whenValueMissing_defaultsToOne() {
            assertThat(accepted(anEvent().without("value")).value()).isEqualTo(1.0);
        }

        @Test
        void parse_whenValueGiven_keepsIt() {
            assertThat(accepted(anEvent().value(20)).value()).isEqualTo(20.0);
            assertThat(accepted(anEvent().value(-2.5)).value()).isEqualTo(-2.5);
            assertThat(accepted(anEvent().value(0)).value()).isEqualTo(0.0);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"20\"", "true", "null", "[20]", "{\"n\":20}"})
        void parse_whenValueIsNotNumber_rejectsValue(String rawValue) {
            assertThat(rejected(anEvent().with("value", rawValue)).field()).isEqualTo("value");
        }

        @ParameterizedTest
        @ValueSource(strings = {"1e400", "-1e400"})
        void parse_whenValueOverflowsToInfinity_rejectsValue(String rawValue) {
            Rejection rejection = rejected(anEvent().with("value", rawValue));

            assertThat(rejection.field()).isEqualTo("value");
            assertThat(rejection.reason()).contains("finite");
        }
    }

    @Nested
    class Unit {

        @Test
        void parse_whenUnitIs16Characters_keepsIt() {
            assertThat(accepted(anEvent().unit("u".repeat(16))).unit()).isEqualTo("u".repeat(16));
        }

        @Test
        void parse_whenUnitIsLongerThan16Characters_rejectsUnit() {
            assertThat(rejected(anEvent().unit("u".repeat(17))).field()).isEqualTo("unit");
        }

        @Test
        void parse_whenUnitMissing_isNull() {
            assertThat(accepted(anEvent()).unit()).isNull();
        }
    }

    @Nested
    class DurationField {

        @Test
        void parse_whenDurationMissing_isZero() {
            assertThat(accepted(anEvent()).durationMs()).isZero();
        }

        @Test
        void parse_whenDurationInSeconds_convertsToMilliseconds() {
            assertThat(accepted(anEvent().with("duration", "90")).durationMs()).isEqualTo(90_000);
            assertThat(accepted(anEvent().with("duration", "90.5")).durationMs())
                    .isEqualTo(90_500);
            assertThat(accepted(anEvent().with("duration", "0.25")).durationMs())
                    .isEqualTo(250);
            assertThat(accepted(anEvent().with("duration", "0")).durationMs()).isZero();
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1", "-0.001"})
        void parse_whenDurationNegative_rejectsDuration(String rawDuration) {
            assertThat(rejected(anEvent().with("duration", rawDuration)).field())
                    .isEqualTo("duration");
        }

        @Test
        void parse_whenDurationExactlySevenDays_acceptsIt() {
            Event event = accepted(anEvent().lasting(Duration.ofDays(7)));

            assertThat(event.durationMs()).isEqualTo(604_800_000L);
        }

        @ParameterizedTest
        @ValueSource(strings = {"604801", "604800.5", "1e10"})
        void parse_whenDurationMoreThanSevenDays_rejectsDuration(String rawDuration) {
            assertThat(rejected(anEvent().with("duration", rawDuration)).field())
                    .isEqualTo("duration");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"1h\"", "null", "true", "1e400"})
        void parse_whenDurationIsNotFiniteNumber_rejectsDuration(String rawDuration) {
            assertThat(rejected(anEvent().with("duration", rawDuration)).field())
                    .isEqualTo("duration");
        }
    }

    @Nested
    class Category {

        @Test
        void parse_whenCategoryIs64Characters_keepsIt() {
            assertThat(accepted(anEvent().category("c".repeat(64))).category()).hasSize(64);
        }

        @Test
        void parse_whenCategoryIsLongerThan64Characters_rejectsCategory() {
            assertThat(rejected(anEvent().category("c".repeat(65))).field()).isEqualTo("category");
        }
    }

    @Nested
    class Timestamp {

        @Test
        void parse_whenTimestampMissing_usesReceiveTime() {
            Event event = accepted(anEvent().without("timestamp"));

            assertThat(event.timestamp()).isEqualTo(T0);
            assertThat(event.receivedAt()).isEqualTo(T0);
        }

        @Test
        void parse_whenTimestampIsIsoWithOffset_convertsToInstant() {
            Event event = accepted(anEvent().at(OffsetDateTime.parse("2026-06-15T10:00:00+05:30")));

            assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-06-15T04:30:00Z"));
        }

        @Test
        void parse_whenTimestampIsIsoInUtc_keepsIt() {
            Event event = accepted(anEvent().with("timestamp", "\"2026-06-15T10:00:00Z\""));

            assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-06-15T10:00:00Z"));
        }

        @Test
        void parse_whenTimestampHasSubMillisecondDigits_keepsMillisecondPrecision() {
            Event event = accepted(anEvent().with("timestamp", "\"2026-06-15T10:00:00.123456789Z\""));

            assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-06-15T10:00:00.123Z"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"2026-06-15T10:00:00\"", "\"2026-06-15\"", "\"yesterday\"", "\"\""})
        void parse_whenTimestampIsNotIsoWithOffset_rejectsTimestamp(String rawTimestamp) {
            assertThat(rejected(anEvent().with("timestamp", rawTimestamp)).field())
                    .isEqualTo("timestamp");
        }

        @Test
        void parse_whenTimestampIsEpochMillisNumber_convertsToInstant() {
            Event event = accepted(anEvent().atEpochMillis(1_781_517_600_000L));

            assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-06-15T10:00:00Z"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"1781517600000.5", "1781517600000.0", "1.7815176e12"})
        void parse_whenTimestampIsFractionalEpochNumber_rejectsTimestamp(String rawTimestamp) {
            assertThat(rejected(anEvent().with("timestamp", rawTimestamp)).field())
                    .isEqualTo("timestamp");
        }

        @Test
        void parse_whenTimestampIsEpochMillisAsString_rejectsTimestamp() {
            assertThat(rejected(anEvent().with("timestamp", "\"1781517600000\""))
                            .field())
                    .isEqualTo("timestamp");
        }

        @Test
        void parse_whenTimestampMoreThan24hAhead_rejectsTimestamp() {
            Rejection rejection =
                    rejected(anEvent().at(T0.plus(Duration.ofHours(24)).plusMillis(1)));

            assertThat(rejection.field()).isEqualTo("timestamp");
            assertThat(rejection.reason()).contains("24h in the future");
        }

        @Test
        void parse_whenTimestampExactly24hAhead_acceptsIt() {
            Instant dayAhead = Instant.parse("2026-06-16T12:00:00Z");

            assertThat(accepted(anEvent().at(dayAhead)).timestamp()).isEqualTo(dayAhead);
        }

        @Test
        void parse_whenTimestampBefore2000_rejectsTimestamp() {
            Rejection rejection = rejected(anEvent().at(Instant.parse("1999-12-31T23:59:59.999Z")));

            assertThat(rejection.field()).isEqualTo("timestamp");
            assertThat(rejection.reason()).contains("2000-01-01");
        }

        @Test
        void parse_whenTimestampExactly2000_acceptsIt() {
            Instant earliest = Instant.parse("2000-01-01T00:00:00Z");

            assertThat(accepted(anEvent().at(earliest)).timestamp()).isEqualTo(earliest);
        }

        @Test
        void parse_whenTimestampIsEpochZero_rejectsTimestamp() {
            assertThat(rejected(anEvent().atEpochMillis(0)).field()).isEqualTo("timestamp");
        }
    }

    @Nested
    class ClockSkew {

        @Test
        void parse_whenSentAtGiven_storesReceivedPlusTimestampMinusSentAt() {
            // The client's clock is an hour slow: it sent at 11:00 its time, which was 12:00 here.
            byte[] body = aBatch().sentAt(Instant.parse("2026-06-15T11:00:00Z"))
                    .of(anEvent().at(Instant.parse("2026-06-15T10:30:00Z")))
                    .bytes();

            Event event = onlyAccepted(body);

            assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-06-15T11:30:00Z"));
        }

        @Test
        void parse_whenClientClockFast_correctsTimestampThatLooksFarAhead() {
            // The client's clock is two days fast; its event an hour before sending is an hour before T0.
            byte[] body = aBatch().sentAt(Instant.parse("2026-06-17T12:00:00Z"))
                    .of(anEvent().at(Instant.parse("2026-06-17T11:00:00Z")))
                    .bytes();

            assertThat(onlyAccepted(body).timestamp()).isEqualTo(Instant.parse("2026-06-15T11:00:00Z"));
        }

        @Test
        void parse_whenSentAtIsEpochMillis_correctsTimestamp() {
            byte[] body = aBatch().with("sent_at", "1781521200000") // 2026-06-15T11:00:00Z
                    .of(anEvent().atEpochMillis(1_781_519_400_000L)) // 2026-06-15T10:30:00Z
                    .bytes();

            assertThat(onlyAccepted(body).timestamp()).isEqualTo(Instant.parse("2026-06-15T11:30:00Z"));
        }

        @Test
        void parse_whenSentAtGivenButEventHasNoTimestamp_usesReceiveTime() {
            byte[] body = aBatch().sentAt(Instant.parse("2026-06-15T11:00:00Z"))
                    .of(anEvent().without("timestamp"))
                    .bytes();

            assertThat(onlyAccepted(body).timestamp()).isEqualTo(T0);
        }

        @Test
        void parse_whenCorrectedTimeMoreThan24hAhead_rejectsTimestamp() {
            // Within 24h of T0 as sent, but 24h and one second ahead once the slow client clock is corrected.
            byte[] body = aBatch().sentAt(Instant.parse("2026-06-15T11:00:00Z"))
                    .of(anEvent().withId("late-night").at(Instant.parse("2026-06-16T11:00:01Z")))
                    .bytes();

            Rejection rejection = onlyRejection(body);

            assertThat(rejection.field()).isEqualTo("timestamp");
            assertThat(rejection.reason()).contains("24h in the future");
            assertThat(rejection.eventId()).isEqualTo("late-night");
        }

        @Test
        void parse_whenCorrectedTimeExactly24hAhead_acceptsIt() {
            byte[] body = aBatch().sentAt(Instant.parse("2026-06-15T11:00:00Z"))
                    .of(anEvent().at(Instant.parse("2026-06-16T11:00:00Z")))
                    .bytes();

            assertThat(onlyAccepted(body).timestamp()).isEqualTo(Instant.parse("2026-06-16T12:00:00Z"));
        }

        @Test
        void parse_whenCorrectedTimeBefore2000_rejectsTimestamp() {
            // After 2000 as sent, but half an hour before it once the fast client clock is corrected.
            byte[] body = aBatch().sentAt(Instant.parse("2026-06-15T13:00:00Z"))
                    .of(anEvent().at(Instant.parse("2000-01-01T00:30:00Z")))
                    .bytes();

            Rejection rejection = onlyRejection(body);

            assertThat(rejection.field()).isEqualTo("timestamp");
            assertThat(rejection.reason()).contains("2000-01-01");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"yesterday\"", "\"2026-06-15T11:00:00\"", "1781521200000.5", "true", "null", "{}"})
        void parse_whenSentAtInvalid_refusesNamingSentAt(String rawSentAt) {
            byte[] body = aBatch().with("sent_at", rawSentAt).of(anEvent()).bytes();

            RequestProblem problem = refused(body);

            assertThat(problem.kind()).isEqualTo(RequestProblem.Kind.MALFORMED);
            assertThat(problem.field()).isEqualTo("sent_at");
        }
    }

    @Nested
    class Source {

        @Test
        void parse_whenSourceMissing_usesApiKeySource() {
            assertThat(accepted(anEvent()).source()).isEqualTo(KEY_SOURCE);
        }

        @Test
        void parse_whenSourceGiven_keepsIt() {
            assertThat(accepted(anEvent().from("watch")).source()).isEqualTo("watch");
        }

        @Test
        void parse_always_bindsEventToKeyOwner() {
            Event event = accepted(anEvent());

            assertThat(event.user()).isEqualTo(USER);
            assertThat(event.receivedAt()).isEqualTo(T0);
        }
    }

    @Nested
    class Attributes {

        @Test
        void parse_whenAttributesHoldStringsNumbersAndBooleans_keepsThem() {
            Event event = accepted(anEvent()
                    .attribute("mood", "good")
                    .attribute("reps", 12)
                    .attribute("weight", 7.5)
                    .attribute("outdoor", true));

            assertThat(event.attributes())
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of("mood", "good", "reps", 12L, "weight", 7.5, "outdoor", true));
        }

        @Test
        void parse_whenAttributesMissing_isEmpty() {
            assertThat(accepted(anEvent()).attributes()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"[\"a\"]", "\"mood\"", "42", "null"})
        void parse_whenAttributesNotObject_rejectsAttributes(String rawAttributes) {
            assertThat(rejected(anEvent().with("attributes", rawAttributes)).field())
                    .isEqualTo("attributes");
        }

        @Test
        void parse_whenAttributesHave20Keys_acceptsThem() {
            assertThat(accepted(withAttributeKeys(20)).attributes()).hasSize(20);
        }

        @Test
        void parse_whenAttributesHaveMoreThan20Keys_rejectsAttributes() {
            assertThat(rejected(withAttributeKeys(21)).field()).isEqualTo("attributes");
        }

        @Test
        void parse_whenAttributeKeyIs64Characters_acceptsIt() {
            assertThat(accepted(anEvent().attribute("k".repeat(64), 1)).attributes())
                    .containsKey("k".repeat(64));
        }

        @Test
        void parse_whenAttributeKeyLongerThan64Characters_rejectsAttributes() {
            assertThat(rejected(anEvent().attribute("k".repeat(65), 1)).field()).isEqualTo("attributes");
        }

        @Test
        void parse_whenAttributeStringIs256Characters_acceptsIt() {
            assertThat(accepted(anEvent().attribute("note", "n".repeat(256))).attributes())
                    .containsEntry("note", "n".repeat(256));
        }

        @Test
        void parse_whenAttributeStringLongerThan256Characters_rejectsThatAttribute() {
            assertThat(rejected(anEvent().attribute("note", "n".repeat(257))).field())
                    .isEqualTo("attributes.note");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"lat\":52.5}", "[1,2]", "null"})
        void parse_whenAttributeValueIsNotScalar_rejectsThatAttribute(String rawValue) {
            Rejection rejection = rejected(anEvent().with("attributes", "{\"mood\":\"ok\",\"gps\":" + rawValue + "}"));

            assertThat(rejection.field()).isEqualTo("attributes.gps");
        }

        @Test
        void parse_whenAttributeNumberOverflows_rejectsThatAttribute() {
            assertThat(rejected(anEvent().with("attributes", "{\"big\":1e400}")).field())
                    .isEqualTo("attributes.big");
        }

        private EventBuilder withAttributeKeys(int keys) {
            EventBuilder event = anEvent();
            IntStream.range(0, keys).forEach(i -> event.attribute("key" + i, i));
            return event;
        }
    }

    @Nested
    class EventShape {

        @Test
        void parse_whenEventHasUnknownField_rejectsNamingField() {
            Rejection rejection = rejected(anEvent().with("colour", "\"red\""));

            assertThat(rejection.field()).isEqualTo("colour");
            assertThat(rejection.reason()).contains("unknown field");
        }

        @Test
        void parse_whenBatchElementIsNotObject_rejectsThatElementOnly() {
            byte[] body = aBatch().ofRaw("42")
                    .ofRaw("\"pushups\"")
                    .ofRaw("[]")
                    .ofRaw("null")
                    .of(anEvent().withId("fine"))
                    .bytes();

            ParseResult.Parsed parsed = parsed(body);

            assertThat(parsed.rejected())
                    .extracting(Rejection::index, Rejection::field)
                    .containsExactly(tuple(0, "event"), tuple(1, "event"), tuple(2, "event"), tuple(3, "event"));
            assertThat(parsed.accepted()).extracting(Event::id).containsExactly("fine");
        }

        @Test
        void parse_whenEventLargerThan32KiB_rejectsItAndAcceptsNeighbours() {
            String note = "n".repeat(33 * 1024);
            byte[] body = aBatch().of(
                            anEvent().withId("before"),
                            anEvent().withId("big").with("attributes", "{\"note\":\"" + note + "\"}"),
                            anEvent().withId("after"))
                    .bytes();

            ParseResult.Parsed parsed = parsed(body);

            assertThat(parsed.accepted()).extracting(Event::id).containsExactly("before", "after");
            assertThat(parsed.rejected()).singleElement().satisfies(rejection -> {
                assertThat(rejection.index()).isEqualTo(1);
                assertThat(rejection.field()).isEqualTo("event");
                assertThat(rejection.reason()).contains("32 KiB");
                assertThat(rejection.eventId()).isEqualTo("big");
            });
        }

        @Test
        void parse_whenSingleEventBodyLargerThan32KiB_rejectsIt() {
            Rejection rejection =
                    rejected(anEvent().with("attributes", "{\"note\":\"" + "n".repeat(33 * 1024) + "\"}"));

            assertThat(rejection.field()).isEqualTo("event");
        }

        @Test
        void parse_whenValidIdButInvalidField_rejectionCarriesEventId() {
            Rejection rejection = rejected(anEvent().withId("evt-1").ofType("Bad Type"));

            assertThat(rejection.eventId()).isEqualTo("evt-1");
        }
    }

    @Nested
    class RequestShape {

        @Test
        void parse_whenBodyIsOneEventObject_acceptsItAtIndexZero() {
            ParseResult.Parsed parsed =
                    parsed(anEvent().withId("only").ofType("pushups").value(20).bytes());

            assertThat(parsed.accepted()).singleElement().satisfies(event -> {
                assertThat(event.id()).isEqualTo("only");
                assertThat(event.type()).isEqualTo("pushups");
                assertThat(event.value()).isEqualTo(20.0);
            });
            assertThat(parsed.rejected()).isEmpty();
        }

        @Test
        void parse_whenSingleEventBodyInvalid_rejectsAtIndexZero() {
            assertThat(rejected(anEvent().ofType("Pushups")).index()).isZero();
        }

        @Test
        void parse_whenBodyIsBatch_acceptsEveryEventInOrder() {
            byte[] body = aBatch().of(
                            anEvent().withId("a").ofType("pushups").value(20),
                            anEvent().withId("b").ofType("water.glasses"),
                            anEvent().withId("c").ofType("study.minutes").value(45))
                    .bytes();

            ParseResult.Parsed parsed = parsed(body);

            assertThat(parsed.accepted()).extracting(Event::id).containsExactly("a", "b", "c");
            assertThat(parsed.accepted())
                    .extracting(Event::type)
                    .containsExactly("pushups", "water.glasses", "study.minutes");
            assertThat(parsed.rejected()).isEmpty();
        }

        @Test
        void parse_whenBatchMixesValidAndInvalid_rejectsByIndexWithEventIds() {
            byte[] body = aBatch().of(
                            anEvent().withId("a"),
                            anEvent().withId("b").ofType("Not Valid"),
                            anEvent().withId("c"),
                            anEvent().withId("d").at(Instant.parse("1999-01-01T00:00:00Z")),
                            anEvent().withId("bad id"),
                            anEvent().withId("f").value(3),
                            anEvent().without("type"))
                    .bytes();

            ParseResult.Parsed parsed = parsed(body);

            assertThat(parsed.accepted()).extracting(Event::id).containsExactly("a", "c", "f");
            assertThat(parsed.rejected())
                    .extracting(Rejection::index, Rejection::field, Rejection::eventId)
                    .containsExactly(
                            tuple(1, "type", "b"),
                            tuple(3, "timestamp", "d"),
                            tuple(4, "id", null),
                            tuple(6, "type", null));
        }

        @Test
        void parse_whenBatchEmpty_acceptsNothing() {
            ParseResult.Parsed parsed = parsed("{\"events\":[]}".getBytes(StandardCharsets.UTF_8));

            assertThat(parsed.accepted()).isEmpty();
            assertThat(parsed.rejected()).isEmpty();
        }

        @Test
        void parse_whenBatchHasUnknownTopLevelField_refusesNamingField() {
            RequestProblem problem =
                    refused(aBatch().of(anEvent()).with("user", "\"mallory\"").bytes());

            assertThat(problem.kind()).isEqualTo(RequestProblem.Kind.MALFORMED);
            assertThat(problem.field()).isEqualTo("user");
        }

        @Test
        void parse_whenEventsIsNotArray_refusesNamingEvents() {
            RequestProblem problem = refused("{\"events\":{\"type\":\"pushups\"}}".getBytes(StandardCharsets.UTF_8));

            assertThat(problem.kind()).isEqualTo(RequestProblem.Kind.MALFORMED);
            assertThat(problem.field()).isEqualTo("events");
        }

        @ParameterizedTest
        @ValueSource(strings = {"[{\"type\":\"pushups\"}]", "\"pushups\"", "42", "null", ""})
        void parse_whenBodyIsNotObject_refusesBody(String body) {
            RequestProblem problem = refused(body.getBytes(StandardCharsets.UTF_8));

            assertThat(problem.kind()).isEqualTo(RequestProblem.Kind.MALFORMED);
            assertThat(problem.field()).isEqualTo("body");
        }

        @Test
        void parse_whenContentFollowsTheObject_refusesBody() {
            RequestProblem problem = refused((anEvent().json() + " {}").getBytes(StandardCharsets.UTF_8));

            assertThat(problem.kind()).isEqualTo(RequestProblem.Kind.MALFORMED);
        }
    }

    @Nested
    class Limits {

        @Test
        void parse_whenBatchHas1000Events_acceptsThemAll() {
            ParseResult.Parsed parsed =
                    parsed(aBatch().of(Collections.nCopies(1000, anEvent())).bytes());

            assertThat(parsed.accepted()).hasSize(1000);
        }

        @Test
        void parse_whenBatchHasMoreThan1000Events_refusesTooLarge() {
            RequestProblem problem =
                    refused(aBatch().of(Collections.nCopies(1001, anEvent())).bytes());

            assertThat(problem.kind()).isEqualTo(RequestProblem.Kind.TOO_LARGE);
            assertThat(problem.field()).isEqualTo("events");
        }

        @Test
        void parse_whenBodyLargerThan1MiB_refusesTooLarge() {
            RequestProblem problem = refused(padded(anEvent().json(), 1024 * 1024 + 1));

            assertThat(problem.kind()).isEqualTo(RequestProblem.Kind.TOO_LARGE);
            assertThat(problem.field()).isEqualTo("body");
        }

        @Test
        void parse_whenBodyExactly1MiB_acceptsIt() {
            // Padding after a batch counts towards the body but not towards any event's 32 KiB.
            ParseResult.Parsed parsed = parsed(padded(aBatch().of(anEvent()).json(), 1024 * 1024));

            assertThat(parsed.accepted()).hasSize(1);
        }

        @Test
        void parse_whenJsonMalformed_refusesWithLineAndColumn() {
            byte[] body = "{\"type\":\"pushups\",\n  \"value\": tru}".getBytes(StandardCharsets.UTF_8);

            RequestProblem problem = refused(body);

            assertThat(problem.kind()).isEqualTo(RequestProblem.Kind.MALFORMED);
            assertThat(problem.field()).isEqualTo("body");
            assertThat(problem.line()).isEqualTo(2);
            assertThat(problem.column()).isEqualTo(12); // the 't' of "tru"
        }

        @Test
        void parse_whenBatchElementMalformed_refusesWithLineAndColumnOfFault() {
            byte[] body = "{\"events\":[\n{\"type\":\"pushups\"},\n{\"type\" \"situps\"}\n]}"
                    .getBytes(StandardCharsets.UTF_8);

            RequestProblem problem = refused(body);

            assertThat(problem.kind()).isEqualTo(RequestProblem.Kind.MALFORMED);
            assertThat(problem.line()).isEqualTo(3);
            assertThat(problem.column()).isEqualTo(9); // the quote where the colon should be
        }

        @Test
        void parse_whenNestingDeeperThan32_refusesMalformed() {
            // Depth: the event object is 1, the attributes object 2, and 31 objects inside it: 33.
            RequestProblem problem = refused(nested(32));

            assertThat(problem.kind()).isEqualTo(RequestProblem.Kind.MALFORMED);
        }

        @Test
        void parse_whenNestingExactly32_readsTheBody() {
            // Depth 32 is read; the event is then rejected for its nested attribute, not refused.
            assertThat(parsed(nested(31)).rejected())
                    .singleElement()
                    .extracting(Rejection::field)
                    .isEqualTo("attributes.a");
        }

        @Test
        void parse_whenEventHasDuplicateKeys_refusesMalformed() {
            RequestProblem problem =
                    refused("{\"type\":\"pushups\",\"type\":\"situps\"}".getBytes(StandardCharsets.UTF_8));

            assertThat(problem.kind()).isEqualTo(RequestProblem.Kind.MALFORMED);
            assertThat(problem.reason()).contains("Duplicate");
        }

        @Test
        void parse_whenNestedAttributesHaveDuplicateKeys_refusesMalformed() {
            byte[] body = aBatch().of(anEvent(), anEvent().with("attributes", "{\"a\":1,\"a\":2}"))
                    .bytes();

            assertThat(refused(body).kind()).isEqualTo(RequestProblem.Kind.MALFORMED);
        }

        @Test
        void parse_whenNumberHasMillionDigits_refusesMalformed() {
            RequestProblem problem =
                    refused(anEvent().with("value", "9".repeat(1_000_000)).bytes());

            assertThat(problem.kind()).isEqualTo(RequestProblem.Kind.MALFORMED);
        }

        private static byte[] padded(String json, int length) {
            return (json + " ".repeat(length - json.length())).getBytes(StandardCharsets.UTF_8);
        }

        /** An event whose attributes are {@code levels} objects nested in one another. */
        private static byte[] nested(int levels) {
            String json =
                    "{\"type\":\"pushups\",\"attributes\":" + "{\"a\":".repeat(levels) + "1" + "}".repeat(levels) + "}";
            return json.getBytes(StandardCharsets.UTF_8);
        }
    }

    // Helpers

    private ParseResult parse(byte[] body) {
        return parser.parse(body, USER, KEY_SOURCE);
    }

    private ParseResult.Parsed parsed(byte[] body) {
        return switch (parse(body)) {
            case ParseResult.Parsed parsed -> parsed;
            case ParseResult.Refused refused -> fail("expected the body to be read, but it was refused: %s", refused);
        };
    }

    private RequestProblem refused(byte[] body) {
        return switch (parse(body)) {
            case ParseResult.Refused refused -> refused.problem();
            case ParseResult.Parsed parsed -> fail("expected the body to be refused, but it was read: %s", parsed);
        };
    }

    private Event onlyAccepted(byte[] body) {
        ParseResult.Parsed parsed = parsed(body);
        assertThat(parsed.rejected()).isEmpty();
        assertThat(parsed.accepted()).hasSize(1);
        return parsed.accepted().getFirst();
    }

    private Rejection onlyRejection(byte[] body) {
        ParseResult.Parsed parsed = parsed(body);
        assertThat(parsed.accepted()).isEmpty();
        assertThat(parsed.rejected()).hasSize(1);
        return parsed.rejected().getFirst();
    }

    private Event accepted(EventBuilder event) {
        return onlyAccepted(event.bytes());
    }

    private Rejection rejected(EventBuilder event) {
        Rejection rejection = onlyRejection(event.bytes());
        assertThat(rejection.index()).isZero();
        return rejection;
    }
}
