package dev.measureme.core.bucket;

import static dev.measureme.core.fixture.EventBuilder.anEvent;
import static dev.measureme.core.fixture.Times.T0;
import static dev.measureme.core.fixture.Times.clockAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.measureme.core.event.Event;
import dev.measureme.core.event.EventParser;
import dev.measureme.core.event.ParseResult;
import dev.measureme.core.fixture.EventBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Bucketing by DESIGN.md §6: hours in UTC, days and months in the user's zone, durations shared out over every
 * bucket an event overlaps. Every expected instant and period is worked out by hand in the comments.
 */
class BucketingTest {

    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata"); // +05:30, no DST
    private static final ZoneId KATHMANDU = ZoneId.of("Asia/Kathmandu"); // +05:45, no DST
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin"); // +01:00 in winter, +02:00 in summer

    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;

    @Nested
    class Hours {

        @Test
        void deltas_whenUserZoneHasHalfHourOffset_cutsHoursInUtc() {
            // 10:45Z is 16:15 in Kolkata, whose local hours start at :30 UTC; the bucket is still 10:00Z-11:00Z.
            Map<BucketKey, Aggregate> deltas = deltas(anEvent().at(Instant.parse("2026-06-15T10:45:00Z")), KOLKATA);

            BucketKey hour = onlyKey(deltas, Granularity.HOUR);
            assertThat(hour.start()).isEqualTo(Instant.parse("2026-06-15T10:00:00Z"));
            assertThat(hour.end()).isEqualTo(Instant.parse("2026-06-15T11:00:00Z"));
            assertThat(hour.period()).isEqualTo("1781517600000");
        }

        @Test
        void deltas_whenEventSpansHours_sharesDurationByOverlap() {
            // 20:30Z for 1h45m: 30m in 20:00, 60m in 21:00, 15m in 22:00; counted once, in 20:00.
            Event event = anEvent()
                    .value(4)
                    .at(Instant.parse("2026-06-15T20:30:00Z"))
                    .lasting(Duration.ofMinutes(105))
                    .toEvent();

            assertThat(byPeriod(Bucketing.deltas(List.of(event), ZoneOffset.UTC), Granularity.HOUR))
                    .containsExactly(
                            entry("1781553600000", new Aggregate(1, 4, 4, 4, 30 * MINUTE)),
                            entry("1781557200000", Aggregate.ofDurationOnly(60 * MINUTE)),
                            entry("1781560800000", Aggregate.ofDurationOnly(15 * MINUTE)));
        }

        @Test
        void deltas_whenEventEndsOnHourBoundary_addsNoEmptyBucket() {
            Map<String, Aggregate> hours = byPeriod(
                    deltas(anEvent().at(Instant.parse("2026-06-15T10:00:00Z")).lasting(Duration.ofHours(1)), KOLKATA),
                    Granularity.HOUR);

            assertThat(hours).containsExactly(entry("1781517600000", new Aggregate(1, 1, 1, 1, HOUR)));
        }

        @Test
        void deltas_whenEventHasNoDuration_countsItOnceAtEachGranularity() {
            Map<BucketKey, Aggregate> deltas = deltas(anEvent().value(20).at(T0), BERLIN);

            assertThat(deltas).hasSize(3);
            assertThat(deltas.values()).containsOnly(new Aggregate(1, 20, 20, 20, 0));
        }
    }

    @Nested
    class DaysAndMonths {

        @Test
        void deltas_whenSameInstantInKolkataAndKathmandu_landsOnDifferentLocalDays() {
            // 18:20Z is 23:50 on the 15th in Kolkata (+05:30) but 00:05 on the 16th in Kathmandu (+05:45).
            EventBuilder event = anEvent().at(Instant.parse("2026-06-15T18:20:00Z"));

            assertThat(onlyKey(deltas(event, KOLKATA), Granularity.DAY).period())
                    .isEqualTo("2026-06-15");
            assertThat(onlyKey(deltas(event, KATHMANDU), Granularity.DAY).period())
                    .isEqualTo("2026-06-16");
        }

        @Test
        void deltas_whenEventAt1840ZInKathmandu_landsInNextLocalDay() {
            // 18:40Z is 00:25 on the 16th in Kathmandu; that day runs from 18:15Z on the 15th to 18:15Z on the 16th.
            BucketKey day =
                    onlyKey(deltas(anEvent().at(Instant.parse("2026-06-15T18:40:00Z")), KATHMANDU), Granularity.DAY);

            assertThat(day.period()).isEqualTo("2026-06-16");
            assertThat(day.start()).isEqualTo(Instant.parse("2026-06-15T18:15:00Z"));
            assertThat(day.end()).isEqualTo(Instant.parse("2026-06-16T18:15:00Z"));
        }

        @Test
        void deltas_whenEventAt1840ZInKolkata_landsInNextLocalDay() {
            // 18:40Z is 00:10 on the 16th in Kolkata; that day runs from 18:30Z on the 15th to 18:30Z on the 16th.
            BucketKey day =
                    onlyKey(deltas(anEvent().at(Instant.parse("2026-06-15T18:40:00Z")), KOLKATA), Granularity.DAY);

            assertThat(day.period()).isEqualTo("2026-06-16");
            assertThat(day.start()).isEqualTo(Instant.parse("2026-06-15T18:30:00Z"));
            assertThat(day.end()).isEqualTo(Instant.parse("2026-06-16T18:30:00Z"));
        }

        @Test
        void deltas_whenEventOnLastUtcDayOfMonthIsNextMonthInKolkata_landsInNextLocalMonth() {
            // 19:00Z on 30 June is 00:30 on 1 July in Kolkata; July there starts at 18:30Z on 30 June.
            BucketKey month =
                    onlyKey(deltas(anEvent().at(Instant.parse("2026-06-30T19:00:00Z")), KOLKATA), Granularity.MONTH);

            assertThat(month.period()).isEqualTo("2026-07");
            assertThat(month.start()).isEqualTo(Instant.parse("2026-06-30T18:30:00Z"));
            assertThat(month.end()).isEqualTo(Instant.parse("2026-07-31T18:30:00Z"));
        }

        @Test
        void deltas_whenEventSpansLocalMidnight_sharesDurationOverTwoDays() {
            // 18:00Z is 23:30 local in Kolkata; one hour later it is 00:30 on the next day: 30m each side.
            Map<String, Aggregate> days = byPeriod(
                    deltas(
                            anEvent()
                                    .value(2)
                                    .at(Instant.parse("2026-06-15T18:00:00Z"))
                                    .lasting(Duration.ofHours(1)),
                            KOLKATA),
                    Granularity.DAY);

            assertThat(days)
                    .containsExactly(
                            entry("2026-06-15", new Aggregate(1, 2, 2, 2, 30 * MINUTE)),
                            entry("2026-06-16", Aggregate.ofDurationOnly(30 * MINUTE)));
        }

        @Test
        void deltas_whenEventSpansMonthEnd_sharesDurationOverTwoMonths() {
            // 22:00Z on 31 January is 23:00 in Berlin (+01:00); two hours later it is 01:00 on 1 February.
            Map<BucketKey, Aggregate> deltas =
                    deltas(anEvent().at(Instant.parse("2026-01-31T22:00:00Z")).lasting(Duration.ofHours(2)), BERLIN);

            assertThat(byPeriod(deltas, Granularity.MONTH))
                    .containsExactly(
                            entry("2026-01", new Aggregate(1, 1, 1, 1, HOUR)),
                            entry("2026-02", Aggregate.ofDurationOnly(HOUR)));
            BucketKey february = keys(deltas, Granularity.MONTH).get(1);
            assertThat(february.start()).isEqualTo(Instant.parse("2026-01-31T23:00:00Z"));
            assertThat(february.end()).isEqualTo(Instant.parse("2026-02-28T23:00:00Z"));
        }
    }

    @Nested
    class DaylightSaving {

        @Test
        void deltas_whenBerlinSpringsForward_dayLasts23HoursAndTakes23HoursOfDuration() {
            // 29 March 2026: 00:00 is +01:00 (23:00Z on the 28th); 02:00 jumps to 03:00; the 30th starts at
            // 00:00 +02:00 (22:00Z on the 29th). An event from 23:00 local on the 28th lasting 25h ends at
            // 01:00 local on the 30th: 1h + 23h + 1h.
            Map<BucketKey, Aggregate> deltas =
                    deltas(anEvent().at(Instant.parse("2026-03-28T22:00:00Z")).lasting(Duration.ofHours(25)), BERLIN);

            BucketKey shortDay = keys(deltas, Granularity.DAY).get(1);
            assertThat(shortDay.period()).isEqualTo("2026-03-29");
            assertThat(shortDay.start()).isEqualTo(Instant.parse("2026-03-28T23:00:00Z"));
            assertThat(shortDay.end()).isEqualTo(Instant.parse("2026-03-29T22:00:00Z"));
            assertThat(byPeriod(deltas, Granularity.DAY))
                    .containsExactly(
                            entry("2026-03-28", new Aggregate(1, 1, 1, 1, HOUR)),
                            entry("2026-03-29", Aggregate.ofDurationOnly(23 * HOUR)),
                            entry("2026-03-30", Aggregate.ofDurationOnly(HOUR)));
            assertThat(keys(deltas, Granularity.HOUR)).hasSize(25);
        }

        @Test
        void deltas_whenBerlinFallsBack_dayLasts25HoursAndTakes25HoursOfDuration() {
            // 25 October 2026: 00:00 is +02:00 (22:00Z on the 24th); 03:00 falls back to 02:00; the 26th starts
            // at 00:00 +01:00 (23:00Z on the 25th). An event from 23:00 local on the 24th lasting 27h ends at
            // 01:00 local on the 26th: 1h + 25h + 1h.
            Map<BucketKey, Aggregate> deltas =
                    deltas(anEvent().at(Instant.parse("2026-10-24T21:00:00Z")).lasting(Duration.ofHours(27)), BERLIN);

            BucketKey longDay = keys(deltas, Granularity.DAY).get(1);
            assertThat(longDay.period()).isEqualTo("2026-10-25");
            assertThat(longDay.start()).isEqualTo(Instant.parse("2026-10-24T22:00:00Z"));
            assertThat(longDay.end()).isEqualTo(Instant.parse("2026-10-25T23:00:00Z"));
            assertThat(byPeriod(deltas, Granularity.DAY))
                    .containsExactly(
                            entry("2026-10-24", new Aggregate(1, 1, 1, 1, HOUR)),
                            entry("2026-10-25", Aggregate.ofDurationOnly(25 * HOUR)),
                            entry("2026-10-26", Aggregate.ofDurationOnly(HOUR)));
            assertThat(keys(deltas, Granularity.HOUR)).hasSize(27);
        }
    }

    @Nested
    class Totals {

        @Test
        void deltas_whenEventLastsSevenDays_durationsAddUpAtEveryGranularity() {
            // 10:17Z on 27 June, for 7 days, in Kathmandu (+05:45): 16:02 local on the 27th to 16:02 on 4 July.
            // Hours: 10:00Z on the 27th to 10:00Z on 4 July inclusive = 7 * 24 + 1 = 169 buckets.
            // Days: 27 June to 4 July local = 8 buckets. Months: June ends at 18:15Z on 30 June, so
            // June holds 3 days + 7h58m = 287,880,000 ms and July the other 316,920,000 ms.
            Map<BucketKey, Aggregate> deltas =
                    deltas(anEvent().at(Instant.parse("2026-06-27T10:17:00Z")).lasting(Duration.ofDays(7)), KATHMANDU);

            for (Granularity granularity : Granularity.values()) {
                assertThat(byPeriod(deltas, granularity).values().stream()
                                .mapToLong(Aggregate::durationMs)
                                .sum())
                        .as("total duration of %s buckets", granularity)
                        .isEqualTo(604_800_000L);
                assertThat(byPeriod(deltas, granularity).values().stream()
                                .mapToLong(Aggregate::count)
                                .sum())
                        .as("total count of %s buckets", granularity)
                        .isEqualTo(1);
            }
            assertThat(keys(deltas, Granularity.HOUR)).hasSize(169);
            assertThat(keys(deltas, Granularity.DAY))
                    .extracting(BucketKey::period)
                    .containsExactly(
                            "2026-06-27",
                            "2026-06-28",
                            "2026-06-29",
                            "2026-06-30",
                            "2026-07-01",
                            "2026-07-02",
                            "2026-07-03",
                            "2026-07-04");
            assertThat(byPeriod(deltas, Granularity.MONTH))
                    .containsExactly(
                            entry("2026-06", new Aggregate(1, 1, 1, 1, 287_880_000L)),
                            entry("2026-07", Aggregate.ofDurationOnly(316_920_000L)));
        }

        @Test
        void deltas_whenSeveralEventsInOneBucket_mergesCountSumMinMax() {
            List<Event> events = List.of(
                    anEvent()
                            .ofType("pushups")
                            .value(20)
                            .at(Instant.parse("2026-06-15T10:05:00Z"))
                            .toEvent(),
                    anEvent()
                            .ofType("pushups")
                            .value(5)
                            .at(Instant.parse("2026-06-15T10:20:00Z"))
                            .toEvent(),
                    anEvent()
                            .ofType("pushups")
                            .value(12)
                            .at(Instant.parse("2026-06-15T10:59:59.999Z"))
                            .lasting(Duration.ofMinutes(1))
                            .toEvent(),
                    anEvent()
                            .ofType("situps")
                            .value(7)
                            .at(Instant.parse("2026-06-15T10:30:00Z"))
                            .toEvent());

            Map<BucketKey, Aggregate> deltas = Bucketing.deltas(events, BERLIN);

            // The third event's minute is 1 ms in 10:00 and 59,999 ms in 11:00; its value counts in 10:00.
            Map<String, Aggregate> pushupHours = byPeriod(deltas, Granularity.HOUR, "pushups");
            assertThat(pushupHours)
                    .containsExactly(
                            entry("1781517600000", new Aggregate(3, 37, 5, 20, 1)),
                            entry("1781521200000", Aggregate.ofDurationOnly(59_999)));
            assertThat(byPeriod(deltas, Granularity.DAY, "pushups"))
                    .containsExactly(entry("2026-06-15", new Aggregate(3, 37, 5, 20, MINUTE)));
            assertThat(byPeriod(deltas, Granularity.MONTH, "situps"))
                    .containsExactly(entry("2026-06", new Aggregate(1, 7, 7, 7, 0)));
        }

        @Test
        void deltas_whenEventArrivesAMonthLate_landsInBucketOfItsOwnTime() {
            // Received at T0 (15 June, 12:00Z) but it happened at 08:30Z on 15 May: 10:30 in Berlin.
            EventParser parser = new EventParser(clockAt(T0));
            ParseResult.Parsed parsed = (ParseResult.Parsed) parser.parse(
                    anEvent().at(Instant.parse("2026-05-15T08:30:00Z")).bytes(), "guest", "phone-app");
            Event late = parsed.accepted().getFirst();

            Map<BucketKey, Aggregate> deltas = Bucketing.deltas(List.of(late), BERLIN);

            assertThat(late.receivedAt()).isEqualTo(T0);
            assertThat(onlyKey(deltas, Granularity.HOUR).period()).isEqualTo("1778832000000"); // 08:00Z, 15 May
            assertThat(onlyKey(deltas, Granularity.DAY).period()).isEqualTo("2026-05-15");
            assertThat(onlyKey(deltas, Granularity.MONTH).period()).isEqualTo("2026-05");
        }
    }

    // Helpers

    private static Map<BucketKey, Aggregate> deltas(EventBuilder event, ZoneId zone) {
        return Bucketing.deltas(List.of(event.toEvent()), zone);
    }

    private static List<BucketKey> keys(Map<BucketKey, Aggregate> deltas, Granularity granularity) {
        return deltas.keySet().stream()
                .filter(key -> key.granularity() == granularity)
                .toList();
    }

    private static BucketKey onlyKey(Map<BucketKey, Aggregate> deltas, Granularity granularity) {
        List<BucketKey> keys = keys(deltas, granularity);
        assertThat(keys).hasSize(1);
        return keys.getFirst();
    }

    /** The aggregates of one granularity by period, in the order the buckets were produced. */
    private static Map<String, Aggregate> byPeriod(Map<BucketKey, Aggregate> deltas, Granularity granularity) {
        Map<String, Aggregate> periods = new LinkedHashMap<>();
        deltas.forEach((key, aggregate) -> {
            if (key.granularity() == granularity) {
                periods.put(key.period(), aggregate);
            }
        });
        return periods;
    }

    private static Map<String, Aggregate> byPeriod(
            Map<BucketKey, Aggregate> deltas, Granularity granularity, String type) {
        Map<String, Aggregate> periods = new LinkedHashMap<>();
        deltas.forEach((key, aggregate) -> {
            if (key.granularity() == granularity && key.type().equals(type)) {
                periods.put(key.period(), aggregate);
            }
        });
        return periods;
    }
}
