package dev.measureme.core.goal;

import static dev.measureme.core.fixture.EventBuilder.anEvent;
import static dev.measureme.core.fixture.Times.clockAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.measureme.core.event.Event;
import dev.measureme.core.fixture.BucketedEvents;
import dev.measureme.core.goal.GoalCheck.Invalid;
import dev.measureme.core.goal.GoalCheck.Valid;
import dev.measureme.core.insight.InsightReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Goals and their progress from real buckets: each test records events, and {@link InsightReader} reads them
 * bucketed as the worker buckets them, in the user's zone, as the api role does.
 */
class GoalsTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin"); // clocks go forward on Sunday 2026-03-29
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata"); // +05:30, no DST
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private final List<Event> events = new ArrayList<>();

    @Nested
    class Progress {

        @Test
        void progress_inTheWeekClocksGoForward_countsItsSevenLocalDays() {
            // The week of Monday 2026-03-23 to Sunday 2026-03-29; at 02:00 on the Sunday, clocks jump to 03:00.
            at(BERLIN, "2026-03-22T23:30", 100, Duration.ZERO); // Sunday before: the previous week
            at(BERLIN, "2026-03-23T00:30", 1, Duration.ZERO); // 2026-03-22T23:30Z, already Monday in Berlin
            at(BERLIN, "2026-03-29T01:30", 2, Duration.ofHours(2)); // runs to 04:30 local: 2 h of real time
            at(BERLIN, "2026-03-29T03:30", 4, Duration.ZERO);
            Instant now = LocalDateTime.parse("2026-03-29T20:00").atZone(BERLIN).toInstant();

            List<GoalProgress> progress = reader(BERLIN, now)
                    .progress(
                            "ada",
                            BERLIN,
                            List.of(
                                    goal("pushups", Measure.SUM, GoalPeriod.WEEK, 10),
                                    goal("pushups", Measure.COUNT, GoalPeriod.WEEK, 3),
                                    goal("pushups", Measure.DURATION, GoalPeriod.WEEK, 7200)));

            PeriodProgress sum = progress.get(0).current();
            assertThat(sum.start()).isEqualTo(LocalDate.parse("2026-03-23"));
            assertThat(sum.end()).isEqualTo(LocalDate.parse("2026-03-29"));
            assertThat(sum.achieved()).isEqualTo(7);
            assertThat(sum.fraction()).isEqualTo(0.7);
            assertThat(sum.met()).isFalse();
            assertThat(progress.get(1).current()).isEqualTo(new PeriodProgress(sum.start(), sum.end(), 3, 1, true));
            assertThat(progress.get(2).current().achieved()).isEqualTo(7200);
            assertThat(progress.get(2).current().met()).isTrue();
            PeriodProgress before = progress.get(0).recent().get(GoalProgress.RECENT - 2);
            assertThat(before.start()).isEqualTo(LocalDate.parse("2026-03-16"));
            assertThat(before.achieved()).isEqualTo(100);
        }

        @Test
        void progress_atAMonthBoundaryInAHalfHourZone_countsEachEventInItsLocalMonth() {
            at(KOLKATA, "2026-01-31T23:59", 5, Duration.ZERO); // 2026-01-31T18:29Z: January
            at(KOLKATA, "2026-02-01T00:00", 7, Duration.ZERO); // 2026-01-31T18:30Z: February, though January in UTC
            at(KOLKATA, "2026-02-28T23:59", 11, Duration.ZERO); // 2026-02-28T18:29Z: February
            at(KOLKATA, "2026-03-01T00:10", 13, Duration.ZERO); // 2026-02-28T18:40Z: March, the current month
            Instant now =
                    LocalDateTime.parse("2026-03-01T09:00").atZone(KOLKATA).toInstant();

            GoalProgress progress = reader(KOLKATA, now)
                    .progress("ada", KOLKATA, List.of(goal("pushups", Measure.SUM, GoalPeriod.MONTH, 12)))
                    .getFirst();

            assertThat(progress.recent().subList(GoalProgress.RECENT - 3, GoalProgress.RECENT))
                    .containsExactly(
                            new PeriodProgress(
                                    LocalDate.parse("2026-01-01"), LocalDate.parse("2026-01-31"), 5, 5 / 12.0, false),
                            new PeriodProgress(
                                    LocalDate.parse("2026-02-01"), LocalDate.parse("2026-02-28"), 18, 1.5, true),
                            new PeriodProgress(
                                    LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-31"), 13, 13 / 12.0, true));
            assertThat(progress.current()).isEqualTo(progress.recent().getLast());
            assertThat(progress.streak())
                    .isEqualTo(new GoalStreak(2, LocalDate.parse("2026-02-01"), LocalDate.parse("2026-03-31")));
        }

        @Test
        void progress_ofGoalsOfTwoMetrics_eachCountsItsOwnMetricOnly() {
            at(BERLIN, "2026-06-15T08:00", 20, Duration.ZERO);
            events.add(anEvent()
                    .forUser("ada")
                    .ofType("water.glasses")
                    .value(3)
                    .at(LocalDateTime.parse("2026-06-15T09:00").atZone(BERLIN).toInstant())
                    .toEvent());

            List<GoalProgress> progress = reader(BERLIN, Instant.parse("2026-06-15T12:00:00Z"))
                    .progress(
                            "ada",
                            BERLIN,
                            List.of(
                                    goal("water.glasses", Measure.SUM, GoalPeriod.DAY, 8),
                                    goal("pushups", Measure.SUM, GoalPeriod.DAY, 50)));

            assertThat(progress).extracting(p -> p.current().achieved()).containsExactly(3.0, 20.0);
            assertThat(progress).extracting(p -> p.goal().type()).containsExactly("water.glasses", "pushups");
        }

        @Test
        void progress_whoseSumRoundsJustBelowTheTarget_isMet() {
            at(BERLIN, "2026-06-15T09:00", 0.7, Duration.ZERO);
            at(BERLIN, "2026-06-15T10:00", 0.1, Duration.ZERO); // 0.7 + 0.1 = 0.7999999999999999

            PeriodProgress today = reader(BERLIN, Instant.parse("2026-06-15T12:00:00Z"))
                    .progress("ada", BERLIN, List.of(goal("pushups", Measure.SUM, GoalPeriod.DAY, 0.8)))
                    .getFirst()
                    .current();

            assertThat(today.achieved()).isLessThan(0.8);
            assertThat(today.met()).isTrue();
        }

        @Test
        void progress_ofNoGoals_isEmpty() {
            assertThat(reader(BERLIN, Instant.parse("2026-06-15T12:00:00Z")).progress("ada", BERLIN, List.of()))
                    .isEmpty();
        }
    }

    @Nested
    class Streaks {

        private static final LocalDate TODAY = LocalDate.parse("2026-06-15"); // a Monday
        private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

        @Test
        void streak_whenTheCurrentDayIsMet_endsWithIt() {
            daily(TODAY.minusDays(6), 2); // a met day before the gap does not count
            daily(TODAY.minusDays(5), 1); // not met: the gap
            for (int daysAgo = 4; daysAgo >= 0; daysAgo--) {
                daily(TODAY.minusDays(daysAgo), 2);
            }

            assertThat(dailyStreak()).isEqualTo(new GoalStreak(5, TODAY.minusDays(4), TODAY));
        }

        @Test
        void streak_whenTheCurrentDayIsNotMetYet_endsWithThePreviousDay() {
            for (int daysAgo = 3; daysAgo >= 1; daysAgo--) {
                daily(TODAY.minusDays(daysAgo), 2);
            }
            daily(TODAY, 1);

            assertThat(dailyStreak()).isEqualTo(new GoalStreak(3, TODAY.minusDays(3), TODAY.minusDays(1)));
        }

        @Test
        void streak_whenNeitherTheCurrentNorThePreviousPeriodIsMet_isNone() {
            daily(TODAY.minusDays(2), 2);

            assertThat(dailyStreak()).isEqualTo(GoalStreak.NONE);
        }

        @Test
        void streak_ofWeeks_countsWholeWeeksFromMondayToSunday() {
            // Weeks starting 2026-05-25, 06-01 and 06-08 each reach 10 (split over two days); this week has 4.
            for (LocalDate monday : List.of(
                    LocalDate.parse("2026-05-25"), LocalDate.parse("2026-06-01"), LocalDate.parse("2026-06-08"))) {
                daily(monday, 4);
                daily(monday.plusDays(6), 6);
            }
            daily(TODAY, 4);

            GoalProgress weekly = reader(BERLIN, NOW)
                    .progress("ada", BERLIN, List.of(goal("pushups", Measure.SUM, GoalPeriod.WEEK, 10)))
                    .getFirst();

            assertThat(weekly.streak())
                    .isEqualTo(new GoalStreak(3, LocalDate.parse("2026-05-25"), LocalDate.parse("2026-06-14")));
            assertThat(weekly.recent())
                    .extracting(PeriodProgress::met)
                    .containsExactly(false, false, false, false, true, true, true, false);
        }

        @Test
        void streak_thatRunsPastTheLookback_countsThePeriodsLookedAt() {
            for (int monthsAgo = 20; monthsAgo >= 0; monthsAgo--) {
                daily(TODAY.minusMonths(monthsAgo), 1);
            }

            GoalStreak monthly = reader(BERLIN, NOW)
                    .progress("ada", BERLIN, List.of(goal("pushups", Measure.COUNT, GoalPeriod.MONTH, 1)))
                    .getFirst()
                    .streak();

            assertThat(monthly.periods()).isEqualTo(GoalPeriod.MONTH.lookback + 1);
            assertThat(monthly.start()).isEqualTo(LocalDate.parse("2025-06-01"));
        }

        private void daily(LocalDate day, double value) {
            at(BERLIN, day.atTime(9, 0).toString(), value, Duration.ZERO);
        }

        private GoalStreak dailyStreak() {
            return reader(BERLIN, NOW)
                    .progress("ada", BERLIN, List.of(goal("pushups", Measure.SUM, GoalPeriod.DAY, 2)))
                    .getFirst()
                    .streak();
        }
    }

    @Nested
    class Rules {

        @Test
        void create_whenEveryFieldIsValid_isAGoalWithAStrippedName() {
            GoalCheck check =
                    GoalRules.create("ada", "study.minutes", "duration", "week", 3600.0, "  Study  ", CREATED);

            Goal goal = ((Valid) check).goal();
            assertThat(goal.user()).isEqualTo("ada");
            assertThat(goal.measure()).isEqualTo(Measure.DURATION);
            assertThat(goal.period()).isEqualTo(GoalPeriod.WEEK);
            assertThat(goal.target()).isEqualTo(3600);
            assertThat(goal.name()).isEqualTo("Study");
            assertThat(goal.createdAt()).isEqualTo(CREATED);
            assertThat(goal.id()).isNotBlank();
        }

        @Test
        void create_eachBadField_isNamedWithItsRule() {
            assertThat(create("Push Ups", "sum", "day", 1.0, null))
                    .isEqualTo(new Invalid("type", "must be 1-64 characters of [a-z0-9_.-]"));
            assertThat(create(null, "sum", "day", 1.0, null))
                    .extracting(Invalid::field)
                    .isEqualTo("type");
            assertThat(create("pushups", "average", "day", 1.0, null))
                    .isEqualTo(new Invalid("measure", "must be one of sum, count, duration"));
            assertThat(create("pushups", "SUM", "day", 1.0, null))
                    .extracting(Invalid::field)
                    .isEqualTo("measure");
            assertThat(create("pushups", "sum", "year", 1.0, null))
                    .isEqualTo(new Invalid("period", "must be one of day, week, month"));
            for (Double target :
                    new Double[] {null, 0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE, 1e-7, 1.1e12
                    }) {
                assertThat(create("pushups", "sum", "day", target, null))
                        .as("target %s", target)
                        .isEqualTo(new Invalid("target", "must be a number from 0.000001 to 1000000000000"));
            }
            for (Double target : new Double[] {1e-6, 1e12}) {
                assertThat(GoalRules.create("ada", "pushups", "sum", "day", target, null, CREATED))
                        .as("target %s", target)
                        .isInstanceOf(GoalCheck.Valid.class);
            }
            assertThat(create("pushups", "sum", "day", 1.0, "x".repeat(65)))
                    .isEqualTo(new Invalid("name", "must be at most 64 characters, without control characters"));
            assertThat(create("pushups", "sum", "day", 1.0, "a\nb"))
                    .extracting(Invalid::field)
                    .isEqualTo("name");
        }

        @Test
        void create_withABlankOr64CharacterName_isValid() {
            assertThat(((Valid) GoalRules.create("ada", "pushups", "sum", "day", 1.0, "   ", CREATED))
                            .goal()
                            .name())
                    .isNull();
            assertThat(((Valid) GoalRules.create("ada", "pushups", "sum", "day", 1.0, "x".repeat(64), CREATED))
                            .goal()
                            .name())
                    .hasSize(64);
        }

        @Test
        void change_keepsWhatTheGoalIs_andSetsTargetAndName() {
            Goal goal = goal("pushups", Measure.SUM, GoalPeriod.DAY, 10);

            Goal changed = ((Valid) GoalRules.change(goal, 20.0, "More")).goal();

            assertThat(changed)
                    .isEqualTo(new Goal(
                            goal.id(), "ada", "pushups", Measure.SUM, GoalPeriod.DAY, 20, "More", goal.createdAt()));
            assertThat(GoalRules.change(goal, 0.0, null)).isInstanceOf(Invalid.class);
        }

        private Invalid create(String type, String measure, String period, Double target, String name) {
            return (Invalid) GoalRules.create("ada", type, measure, period, target, name, CREATED);
        }
    }

    @Test
    void periods_startOnMondaysAndFirstsOfMonths() {
        LocalDate sunday = LocalDate.parse("2026-03-29");

        assertThat(GoalPeriod.WEEK.startOf(sunday)).isEqualTo(LocalDate.parse("2026-03-23"));
        assertThat(GoalPeriod.WEEK.startOf(LocalDate.parse("2026-03-23"))).isEqualTo(LocalDate.parse("2026-03-23"));
        assertThat(GoalPeriod.MONTH.startOf(sunday)).isEqualTo(LocalDate.parse("2026-03-01"));
        assertThat(GoalPeriod.DAY.startOf(sunday)).isEqualTo(sunday);
        assertThat(GoalPeriod.MONTH.plus(LocalDate.parse("2026-01-01"), -1)).isEqualTo(LocalDate.parse("2025-12-01"));
    }

    /** An event of ada's pushups at a local time of {@code zone}. */
    private void at(ZoneId zone, String localTime, double value, Duration lasting) {
        events.add(anEvent()
                .forUser("ada")
                .ofType("pushups")
                .value(value)
                .lasting(lasting)
                .at(LocalDateTime.parse(localTime).atZone(zone).toInstant())
                .toEvent());
    }

    private InsightReader reader(ZoneId zone, Instant now) {
        return new InsightReader(BucketedEvents.in(zone, events), clockAt(now));
    }

    private static Goal goal(String type, Measure measure, GoalPeriod period, double target) {
        return new Goal(
                "g-" + type + "-" + measure + "-" + period, "ada", type, measure, period, target, null, CREATED);
    }
}
