package dev.measureme.core.insight;

import static dev.measureme.core.fixture.EventBuilder.anEvent;
import static dev.measureme.core.fixture.Times.clockAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.measureme.core.bucket.Bucketing;
import dev.measureme.core.event.Event;
import dev.measureme.core.fixture.BucketedEvents;
import dev.measureme.core.insight.Records.DayRecord;
import dev.measureme.core.insight.Records.DurationRecord;
import dev.measureme.core.insight.Records.PeriodRecord;
import dev.measureme.core.insight.Trends.Trend;
import dev.measureme.core.port.BucketStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Insights from real buckets: each test records events, buckets them with {@link Bucketing} as the worker does,
 * and reads them back through {@link InsightReader} from a store that answers range reads as the real ones do.
 * Unless a test says otherwise, the user is in Berlin and "now" is Monday 2026-06-15, 14:00 there.
 */
class InsightsTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin"); // +01:00 in winter, +02:00 in summer
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata"); // +05:30, no DST
    private static final LocalDate TODAY = LocalDate.parse("2026-06-15"); // a Monday
    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

    private final List<Event> events = new ArrayList<>();

    @Nested
    class StreakRules {

        @Test
        void streaks_whenAGapBreaksARun_countTheRunsOnEitherSide() {
            eachDay("pushups", TODAY.minusDays(9), TODAY.minusDays(6)); // 4 days
            eachDay("pushups", TODAY.minusDays(2), TODAY); // gap of 3 days, then 3 days up to today

            TypeInsights pushups = only(insights());

            assertThat(pushups.streaks().current()).isEqualTo(new Streak(3, TODAY.minusDays(2), TODAY));
            assertThat(pushups.streaks().longest()).isEqualTo(new Streak(4, TODAY.minusDays(9), TODAY.minusDays(6)));
        }

        @Test
        void currentStreak_whenTodayHasNothingYet_endsYesterday() {
            eachDay("pushups", TODAY.minusDays(3), TODAY.minusDays(1));

            assertThat(only(insights()).streaks().current())
                    .isEqualTo(new Streak(3, TODAY.minusDays(3), TODAY.minusDays(1)));
        }

        @Test
        void currentStreak_whenNeitherTodayNorYesterdayHasEvents_isNone() {
            eachDay("pushups", TODAY.minusDays(5), TODAY.minusDays(2));

            TypeInsights pushups = only(insights());

            assertThat(pushups.streaks().current()).isEqualTo(Streak.NONE);
            assertThat(pushups.streaks().longest().days()).isEqualTo(4);
        }

        @Test
        void longestStreak_whenTwoRunsTie_isTheEarlierOne() {
            eachDay("pushups", TODAY.minusDays(20), TODAY.minusDays(18));
            eachDay("pushups", TODAY.minusDays(2), TODAY);

            TypeInsights pushups = only(insights());

            assertThat(pushups.streaks().longest()).isEqualTo(new Streak(3, TODAY.minusDays(20), TODAY.minusDays(18)));
            assertThat(pushups.streaks().current()).isEqualTo(new Streak(3, TODAY.minusDays(2), TODAY));
        }

        @Test
        void streak_acrossBothDstChanges_countsLocalDaysOf23And25Hours() {
            // Berlin springs forward on 2026-03-29 (a 23-hour day) and falls back on 2026-10-25 (25 hours).
            // 23:30 local is 21:30Z on the short day and 22:30Z on the long one: still the same local day.
            Instant now = Instant.parse("2026-10-26T10:00:00Z");
            at("pushups", LocalDate.parse("2026-10-24"), LocalTime.of(23, 30), 1);
            at("pushups", LocalDate.parse("2026-10-25"), LocalTime.of(0, 30), 1);
            at("pushups", LocalDate.parse("2026-10-25"), LocalTime.of(23, 30), 1);
            at("pushups", LocalDate.parse("2026-10-26"), LocalTime.of(0, 15), 1);

            TypeInsights pushups = only(insights(now, BERLIN));

            assertThat(pushups.streaks().current())
                    .isEqualTo(new Streak(3, LocalDate.parse("2026-10-24"), LocalDate.parse("2026-10-26")));
            assertThat(pushups.records().bestDay()).isEqualTo(new DayRecord(LocalDate.parse("2026-10-25"), 2));

            events.clear();
            Instant spring = Instant.parse("2026-03-30T10:00:00Z");
            at("pushups", LocalDate.parse("2026-03-29"), LocalTime.of(23, 30), 1);
            at("pushups", LocalDate.parse("2026-03-30"), LocalTime.of(0, 30), 1);
            assertThat(only(insights(spring, BERLIN)).streaks().current())
                    .isEqualTo(new Streak(2, LocalDate.parse("2026-03-29"), LocalDate.parse("2026-03-30")));
        }

        @Test
        void streak_inAHalfHourZone_cutsDaysAtLocalMidnight() {
            // 18:45Z is 00:15 the next day in Kolkata, and 18:15Z is 23:45 the same day.
            events.add(pushups(Instant.parse("2026-06-13T18:15:00Z"), 1)); // 06-13 23:45 local
            events.add(pushups(Instant.parse("2026-06-13T18:45:00Z"), 1)); // 06-14 00:15 local
            events.add(pushups(Instant.parse("2026-06-15T00:00:00Z"), 1)); // 06-15 05:30 local

            TypeInsights pushups = only(insights(NOW, KOLKATA));

            assertThat(pushups.streaks().current()).isEqualTo(new Streak(3, TODAY.minusDays(2), TODAY));
        }

        @Test
        void streak_doesNotCountADayThatOnlyReceivesTheTailOfAnEvent() {
            // 23:00 yesterday for two hours: the hour after midnight is today's duration, but no event started today.
            at("study.minutes", TODAY.minusDays(1), LocalTime.of(23, 0), 120, Duration.ofHours(2));

            TypeInsights study = only(insights());

            assertThat(study.streaks().current()).isEqualTo(new Streak(1, TODAY.minusDays(1), TODAY.minusDays(1)));
            assertThat(study.records().bestDayByDuration())
                    .isEqualTo(new DurationRecord(TODAY.minusDays(1), Duration.ofHours(1)));
        }
    }

    @Nested
    class RecordRules {

        @Test
        void records_pickTheLargestDayWeekAndMonth_andTiesGoToTheEarlier() {
            at("pushups", LocalDate.parse("2026-05-04"), LocalTime.NOON, 30); // Monday of week 19
            at("pushups", LocalDate.parse("2026-05-10"), LocalTime.NOON, 30); // Sunday of week 19: ties 05-04
            at("pushups", LocalDate.parse("2026-05-11"), LocalTime.NOON, 25); // week 20
            at("pushups", LocalDate.parse("2026-06-01"), LocalTime.NOON, 20);
            at("pushups", LocalDate.parse("2026-06-02"), LocalTime.NOON, 10);
            at("pushups", LocalDate.parse("2026-06-02"), LocalTime.of(18, 0), 20); // 06-02: 30 too, later

            Records records = only(insights()).records();

            assertThat(records.bestDay()).isEqualTo(new DayRecord(LocalDate.parse("2026-05-04"), 30));
            assertThat(records.bestWeek())
                    .isEqualTo(new PeriodRecord(LocalDate.parse("2026-05-04"), LocalDate.parse("2026-05-10"), 60));
            assertThat(records.bestMonth())
                    .isEqualTo(new PeriodRecord(LocalDate.parse("2026-05-01"), LocalDate.parse("2026-05-31"), 85));
            assertThat(records.bestDayByDuration()).isNull();
        }

        @Test
        void bestDayByDuration_forADurationMetric_isTheDayWithMostEventTime() {
            at("study.minutes", TODAY.minusDays(3), LocalTime.of(9, 0), 50, Duration.ofMinutes(50));
            at("study.minutes", TODAY.minusDays(2), LocalTime.of(9, 0), 25, Duration.ofMinutes(90));

            TypeInsights study = only(insights());

            assertThat(study.hasDuration()).isTrue();
            assertThat(study.records().bestDay()).isEqualTo(new DayRecord(TODAY.minusDays(3), 50));
            assertThat(study.records().bestDayByDuration())
                    .isEqualTo(new DurationRecord(TODAY.minusDays(2), Duration.ofMinutes(90)));
        }
    }

    @Nested
    class TrendRules {

        @Test
        void trends_compareTheLastDaysWithTheDaysBefore() {
            at("pushups", TODAY, LocalTime.of(8, 0), 30); // last 7 days: 30 + 15 = 45
            at("pushups", TODAY.minusDays(6), LocalTime.of(8, 0), 15);
            at("pushups", TODAY.minusDays(7), LocalTime.of(8, 0), 20); // the 7 before: 20 + 10 = 30
            at("pushups", TODAY.minusDays(13), LocalTime.of(8, 0), 10);
            at("pushups", TODAY.minusDays(14), LocalTime.of(8, 0), 100); // in neither week; in the last 30
            at("pushups", TODAY.minusDays(30), LocalTime.of(8, 0), 500); // the 30 before
            at("pushups", TODAY.minusDays(60), LocalTime.of(8, 0), 1000); // in neither month

            Trends trends = only(insights()).trends();

            assertThat(trends.week()).isEqualTo(new Trend(45, 30, 50.0));
            assertThat(trends.month()).isEqualTo(new Trend(175, 500, -65.0));
        }

        @Test
        void trend_ofNegativeValuesRisingTowardsZero_isARise() {
            at("balance", TODAY, LocalTime.of(8, 0), -5);
            at("balance", TODAY.minusDays(7), LocalTime.of(8, 0), -10);

            assertThat(only(insights()).trends().week()).isEqualTo(new Trend(-5, -10, 50.0));
        }

        @Test
        void trend_whenTheEarlierPeriodIsEmpty_hasNoPercentage() {
            at("pushups", TODAY, LocalTime.of(8, 0), 12);

            Trends trends = only(insights()).trends();

            assertThat(trends.week()).isEqualTo(new Trend(12, 0, null));
            assertThat(trends.month()).isEqualTo(new Trend(12, 0, null));
        }
    }

    @Nested
    class TimeOfDayRules {

        @Test
        void timeOfDay_sharesTheSumByLocalHour_andNamesThePeak() {
            at("pushups", TODAY.minusDays(1), LocalTime.of(7, 10), 10);
            at("pushups", TODAY.minusDays(2), LocalTime.of(7, 50), 20);
            at("pushups", TODAY, LocalTime.of(19, 0), 10);

            TimeOfDay timeOfDay = only(insights()).timeOfDay();

            assertThat(timeOfDay.shares()).hasSize(24);
            assertThat(timeOfDay.shares().get(7)).isEqualTo(0.75);
            assertThat(timeOfDay.shares().get(19)).isEqualTo(0.25);
            assertThat(timeOfDay.shares().stream()
                            .mapToDouble(Double::doubleValue)
                            .sum())
                    .isCloseTo(1.0, within(1e-12));
            assertThat(timeOfDay.peakHour()).isEqualTo(7);
        }

        @Test
        void timeOfDay_acrossDst_usesTheLocalHourOfEachSeason() {
            // 10:00 local is 09:00Z in winter and 08:00Z in summer; both are local hour 10.
            Instant now = Instant.parse("2026-04-05T12:00:00Z");
            at("pushups", LocalDate.parse("2026-03-20"), LocalTime.of(10, 0), 1);
            at("pushups", LocalDate.parse("2026-04-02"), LocalTime.of(10, 0), 1);

            TimeOfDay timeOfDay = only(insights(now, BERLIN)).timeOfDay();

            assertThat(timeOfDay.shares().get(10)).isEqualTo(1.0);
            assertThat(timeOfDay.peakHour()).isEqualTo(10);
        }

        @Test
        void timeOfDay_inAHalfHourZone_givesEachUtcHourToTheLocalHourItStartsIn() {
            // The bucket 10:00Z-11:00Z is 15:30-16:30 in Kolkata: both 15:45 and 16:15 local count as 15.
            events.add(pushups(Instant.parse("2026-06-14T10:15:00Z"), 1)); // 15:45 local
            events.add(pushups(Instant.parse("2026-06-14T10:45:00Z"), 1)); // 16:15 local
            events.add(pushups(Instant.parse("2026-06-14T11:15:00Z"), 2)); // 16:45 local, bucket 11:00Z = 16:30

            TimeOfDay timeOfDay = only(insights(NOW, KOLKATA)).timeOfDay();

            assertThat(timeOfDay.shares().get(15)).isEqualTo(0.5);
            assertThat(timeOfDay.shares().get(16)).isEqualTo(0.5);
            assertThat(timeOfDay.peakHour()).as("of equal hours, the earliest").isEqualTo(15);
        }

        @Test
        void timeOfDay_whenTheSumIsNotPositive_hasNoPeak() {
            at("temperature.delta", TODAY, LocalTime.of(6, 0), -2);

            TimeOfDay timeOfDay = only(insights()).timeOfDay();

            assertThat(timeOfDay.peakHour()).isNull();
            assertThat(timeOfDay.shares()).hasSize(24).containsOnly(0.0);
        }
    }

    @Nested
    class WindowRules {

        @Test
        void insights_withoutEvents_haveNoTypes() {
            Insights insights = insights();

            assertThat(insights.types()).isEmpty();
            assertThat(insights.window()).isEqualTo(new InsightWindow(TODAY, BERLIN));
        }

        @Test
        void window_holdsTheLast90LocalDays_andNothingBefore() {
            at("pushups", TODAY.minusDays(90), LocalTime.of(23, 59), 1000); // a day too early
            at("pushups", TODAY.minusDays(89), LocalTime.of(0, 0), 5); // the window's first day

            TypeInsights pushups = only(insights());

            assertThat(pushups.records().bestDay()).isEqualTo(new DayRecord(TODAY.minusDays(89), 5));
            assertThat(pushups.timeOfDay().peakHour()).isZero();
            assertThat(new InsightWindow(TODAY, BERLIN).from()).isEqualTo(Instant.parse("2026-03-17T23:00:00Z"));
        }

        @Test
        void reader_withAType_answersOnlyThatType() {
            at("pushups", TODAY, LocalTime.of(8, 0), 1);
            at("water.glasses", TODAY, LocalTime.of(9, 0), 1);

            assertThat(reader().read("ada", BERLIN, null).types())
                    .extracting(TypeInsights::type)
                    .containsExactly("pushups", "water.glasses");
            assertThat(reader().read("ada", BERLIN, "water.glasses").types())
                    .extracting(TypeInsights::type)
                    .containsExactly("water.glasses");
        }

        @Test
        void reader_pastTheMostMetrics_answersTheBusiest_andCountsTheRest() {
            for (int i = 0; i < InsightReader.MAX_TYPES + 3; i++) {
                // metric i has i + 1 events; the three with the fewest are left out
                for (int n = 0; n <= i; n++) {
                    at("m" + i, TODAY, LocalTime.of(8, 0), 1);
                }
            }

            Insights insights = insights();

            assertThat(insights.types()).hasSize(InsightReader.MAX_TYPES);
            assertThat(insights.types())
                    .extracting(TypeInsights::type)
                    .doesNotContain("m0", "m1", "m2")
                    .contains("m3", "m52");
            assertThat(insights.types())
                    .filteredOn(type -> type.type().equals("m52"))
                    .singleElement()
                    .satisfies(busiest ->
                            assertThat(busiest.timeOfDay().peakHour()).isEqualTo(8));
            assertThat(insights.omittedTypes()).isEqualTo(3);
            assertThat(reader().read("ada", BERLIN, "m0").omittedTypes()).isZero();
        }
    }

    private void eachDay(String type, LocalDate first, LocalDate last) {
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            at(type, day, LocalTime.of(9, 0), 1);
        }
    }

    /** An event at a local time of the Berlin user. */
    private void at(String type, LocalDate day, LocalTime time, double value) {
        at(type, day, time, value, Duration.ZERO);
    }

    private void at(String type, LocalDate day, LocalTime time, double value, Duration lasting) {
        events.add(anEvent()
                .forUser("ada")
                .ofType(type)
                .value(value)
                .at(local(day, time))
                .lasting(lasting)
                .toEvent());
    }

    private static Event pushups(Instant at, double value) {
        return anEvent().forUser("ada").value(value).at(at).toEvent();
    }

    private static Instant local(LocalDate day, LocalTime time) {
        return day.atTime(time).atZone(BERLIN).toInstant();
    }

    private Insights insights() {
        return insights(NOW, BERLIN);
    }

    private Insights insights(Instant now, ZoneId zone) {
        return new InsightReader(storeOf(zone), clockAt(now)).read("ada", zone, null);
    }

    private InsightReader reader() {
        return new InsightReader(storeOf(BERLIN), clockAt(NOW));
    }

    private BucketStore storeOf(ZoneId zone) {
        return BucketedEvents.in(zone, events);
    }

    private static TypeInsights only(Insights insights) {
        assertThat(insights.types()).hasSize(1);
        return insights.types().getFirst();
    }
}
