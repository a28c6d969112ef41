package dev.measureme.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.measureme.core.account.User;
import dev.measureme.core.goal.Goal;
import dev.measureme.core.goal.GoalPeriod;
import dev.measureme.core.goal.Measure;
import dev.measureme.core.port.AccountStore;
import dev.measureme.core.port.GoalStore;
import dev.measureme.core.port.GoalStore.Addition;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link GoalStore} adapter must do, written once and run against each database: goals are kept as
 * given, one per (type, measure, period) and at most {@value Goal#MAX_PER_USER} per user, no user reaches
 * another's, and deleting a user deletes its goals. A subclass opens a fresh, empty database per test, with the
 * goal store and the {@link AccountStore} over it, whose users the goals belong to.
 */
public abstract class GoalStoreContract {

    private static final Instant T0 = Instant.parse("2026-12-04T10:15:30.123Z");

    /** The stores under test, over one database. */
    public record Stores(GoalStore goals, AccountStore accounts) {}

    /** Opens the stores over an empty database. */
    protected abstract Stores openEmptyStores();

    private Stores stores;

    private GoalStore goals() {
        return stores.goals();
    }

    private AccountStore accounts() {
        return stores.accounts();
    }

    @BeforeEach
    void emptyStoresWithTwoUsers() {
        stores = openEmptyStores();
        accounts().createUser(new User("ann", ZoneId.of("Asia/Kolkata")));
        accounts().createUser(new User("bob", ZoneId.of("UTC")));
    }

    @Test
    void add_thenGoals_keepEveryFieldInCreationOrder() {
        Goal later = createdAMinuteLater(
                goal("ann", "g2", "study.minutes", Measure.DURATION, GoalPeriod.WEEK, 5400.5, "Study ✓"));
        Goal earlier = goal("ann", "g1", "pushups", Measure.SUM, GoalPeriod.DAY, 50, null);

        assertThat(goals().add(later)).isEqualTo(Addition.ADDED);
        assertThat(goals().add(earlier)).isEqualTo(Addition.ADDED);

        assertThat(goals().goals("ann")).containsExactly(earlier, later);
        assertThat(goals().goal("ann", "g2")).contains(later);
    }

    @Test
    void add_whenTheUserHasAGoalOfTheSameTypeMeasureAndPeriod_isADuplicateAndAddsNothing() {
        Goal first = goal("ann", "g1", "pushups", Measure.SUM, GoalPeriod.DAY, 50, null);
        goals().add(first);

        Addition again = goals().add(goal("ann", "g2", "pushups", Measure.SUM, GoalPeriod.DAY, 80, "more"));

        assertThat(again).isEqualTo(Addition.DUPLICATE);
        assertThat(goals().goals("ann")).containsExactly(first);
        assertThat(goals().add(goal("ann", "g3", "pushups", Measure.SUM, GoalPeriod.WEEK, 300, null)))
                .isEqualTo(Addition.ADDED);
        assertThat(goals().add(goal("ann", "g4", "pushups", Measure.COUNT, GoalPeriod.DAY, 3, null)))
                .isEqualTo(Addition.ADDED);
        assertThat(goals().add(goal("bob", "g5", "pushups", Measure.SUM, GoalPeriod.DAY, 50, null)))
                .as("another user's goal of the same kind")
                .isEqualTo(Addition.ADDED);
    }

    @Test
    void add_whenTheUserHasTheMostGoals_isRefused() {
        for (int i = 0; i < Goal.MAX_PER_USER; i++) {
            assertThat(goals().add(goal("ann", "g" + i, "metric-" + i, Measure.SUM, GoalPeriod.DAY, 1, null)))
                    .isEqualTo(Addition.ADDED);
        }

        Addition over = goals().add(goal("ann", "over", "one-more", Measure.SUM, GoalPeriod.DAY, 1, null));

        assertThat(over).isEqualTo(Addition.LIMIT_REACHED);
        assertThat(goals().goals("ann")).hasSize(Goal.MAX_PER_USER);
        assertThat(goals().add(goal("bob", "bobs", "one-more", Measure.SUM, GoalPeriod.DAY, 1, null)))
                .isEqualTo(Addition.ADDED);
    }

    @Test
    void update_setsTargetAndName_ofTheUsersGoalOnly() {
        Goal goal = goal("ann", "g1", "pushups", Measure.SUM, GoalPeriod.DAY, 50, "daily");
        goals().add(goal);
        Goal changed =
                new Goal(goal.id(), "ann", goal.type(), goal.measure(), goal.period(), 75, null, goal.createdAt());

        assertThat(goals().update(changed)).isTrue();
        assertThat(goals().goal("ann", "g1")).contains(changed);

        Goal byBob = new Goal(goal.id(), "bob", goal.type(), goal.measure(), goal.period(), 1, "bob's", T0);
        assertThat(goals().update(byBob)).isFalse();
        assertThat(goals().goal("ann", "g1")).contains(changed);
    }

    @Test
    void goalAndDelete_ofAnotherUsersGoal_findNothingAndKeepIt() {
        Goal goal = goal("ann", "g1", "pushups", Measure.SUM, GoalPeriod.DAY, 50, null);
        goals().add(goal);

        assertThat(goals().goal("bob", "g1")).isEmpty();
        assertThat(goals().goals("bob")).isEmpty();
        assertThat(goals().delete("bob", "g1")).isFalse();
        assertThat(goals().goals("ann")).containsExactly(goal);
    }

    @Test
    void delete_removesTheGoal_once() {
        goals().add(goal("ann", "g1", "pushups", Measure.SUM, GoalPeriod.DAY, 50, null));

        assertThat(goals().delete("ann", "g1")).isTrue();
        assertThat(goals().delete("ann", "g1")).isFalse();
        assertThat(goals().goals("ann")).isEmpty();
        assertThat(goals().delete("ann", "never")).isFalse();
    }

    @Test
    void deleteUser_removesTheUsersGoals_andNoOneElses() {
        goals().add(goal("ann", "g1", "pushups", Measure.SUM, GoalPeriod.DAY, 50, null));
        Goal bobs = goal("bob", "g2", "pushups", Measure.SUM, GoalPeriod.DAY, 50, null);
        goals().add(bobs);

        assertThat(accounts().deleteUser("ann")).isTrue();

        assertThat(goals().goals("ann")).isEmpty();
        assertThat(goals().goal("ann", "g1")).isEmpty();
        assertThat(goals().goals("bob")).containsExactly(bobs);
        accounts().createUser(new User("ann", ZoneId.of("UTC")));
        assertThat(goals().goals("ann")).as("a new account of the name").isEmpty();
    }

    private static Goal createdAMinuteLater(Goal goal) {
        return new Goal(
                goal.id(),
                goal.user(),
                goal.type(),
                goal.measure(),
                goal.period(),
                goal.target(),
                goal.name(),
                goal.createdAt().plusSeconds(60));
    }

    private static Goal goal(
            String user, String id, String type, Measure measure, GoalPeriod period, double target, String name) {
        return new Goal(id, user, type, measure, period, target, name, T0);
    }
}
