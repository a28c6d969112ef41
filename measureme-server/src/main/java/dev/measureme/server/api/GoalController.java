package dev.measureme.server.api;

import dev.measureme.core.account.User;
import dev.measureme.core.goal.Goal;
import dev.measureme.core.goal.GoalCheck;
import dev.measureme.core.goal.GoalProgress;
import dev.measureme.core.goal.GoalRules;
import dev.measureme.core.goal.GoalStreak;
import dev.measureme.core.goal.PeriodProgress;
import dev.measureme.core.insight.InsightReader;
import dev.measureme.core.port.AccountStore;
import dev.measureme.core.port.GoalStore;
import dev.measureme.server.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/goals}: the caller's goals, each with its progress now. Reading takes a session or a {@code read}
 * key, like every {@code GET}; adding, changing and deleting take a session (and its CSRF token), like the keys.
 * The rules are those of {@code dev.measureme.core.goal}; this class puts them on the wire. A goal id of another
 * user is answered as unknown, so that no answer tells whether it exists.
 */
@RestController
final class GoalController {

    private final Callers callers;
    private final GoalStore goals;
    private final InsightReader insights;
    private final AccountStore accounts;
    private final Clock clock;

    GoalController(Callers callers, GoalStore goals, InsightReader insights, AccountStore accounts, Clock clock) {
        this.callers = callers;
        this.goals = goals;
        this.insights = insights;
        this.accounts = accounts;
        this.clock = clock;
    }

    /**
     * What a goal is asked to be. The target is read as a JSON node so that a target that is not a number is
     * answered by its field, not as a malformed body.
     */
    record GoalRequest(String type, String measure, String period, JsonNode target, String name) {}

    record GoalChange(JsonNode target, String name) {}

    /** A goal as kept: what the export holds, and the start of each goal's entry in the answers below. */
    record GoalView(
            String id, String type, String measure, String period, double target, String name, Instant createdAt) {

        static GoalView of(Goal goal) {
            return new GoalView(
                    goal.id(),
                    goal.type(),
                    goal.measure().wireName(),
                    goal.period().wireName(),
                    goal.target(),
                    goal.name(),
                    goal.createdAt());
        }
    }

    /**
     * A goal and its progress now.
     *
     * @param periods the last {@value GoalProgress#RECENT} periods, oldest first, the current one last
     */
    record GoalAnswer(
            String id,
            String type,
            String measure,
            String period,
            double target,
            String name,
            Instant createdAt,
            PeriodProgress current,
            List<PeriodProgress> periods,
            GoalStreak streak) {

        static GoalAnswer of(GoalProgress progress) {
            GoalView goal = GoalView.of(progress.goal());
            return new GoalAnswer(
                    goal.id(),
                    goal.type(),
                    goal.measure(),
                    goal.period(),
                    goal.target(),
                    goal.name(),
                    goal.createdAt(),
                    progress.current(),
                    progress.recent(),
                    progress.streak());
        }
    }

    /** @param today the caller's local date now, which the current periods contain */
    record GoalsAnswer(String timezone, LocalDate today, List<GoalAnswer> goals) {}

    @GetMapping("/api/v1/goals")
    GoalsAnswer list() {
        String user = callers.user();
        ZoneId zone = zoneOf(user);
        return new GoalsAnswer(
                zone.getId(),
                LocalDate.ofInstant(clock.instant(), zone),
                insights.progress(user, zone, goals.goals(user)).stream()
                        .map(GoalAnswer::of)
                        .toList());
    }

    @PostMapping("/api/v1/goals")
    ResponseEntity<GoalAnswer> create(@RequestBody GoalRequest body) {
        String user = callers.user();
        Goal goal = valid(GoalRules.create(
                user, body.type(), body.measure(), body.period(), number(body.target()), body.name(), clock.instant()));
        switch (goals.add(goal)) {
            case ADDED -> {}
            case DUPLICATE ->
                throw new ApiException(
                        HttpStatus.CONFLICT, "type", "there is a goal of this type, measure and period already");
            case LIMIT_REACHED ->
                throw new ApiException(HttpStatus.CONFLICT, "goals", "at most " + Goal.MAX_PER_USER + " goals");
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(answer(user, goal));
    }

    @PutMapping("/api/v1/goals/{id}")
    GoalAnswer change(@PathVariable String id, @RequestBody GoalChange body) {
        String user = callers.user();
        Goal goal = goals.goal(user, id).orElseThrow(GoalController::noSuchGoal);
        Goal changed = valid(GoalRules.change(goal, number(body.target()), body.name()));
        if (!goals.update(changed)) {
            throw noSuchGoal();
        }
        return answer(user, changed);
    }

    @DeleteMapping("/api/v1/goals/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        if (!goals.delete(callers.user(), id)) {
            throw noSuchGoal();
        }
        return ResponseEntity.noContent().build();
    }

    private GoalAnswer answer(String user, Goal goal) {
        return GoalAnswer.of(
                insights.progress(user, zoneOf(user), List.of(goal)).getFirst());
    }

    private ZoneId zoneOf(String user) {
        return accounts.user(user).map(User::zone).orElse(ZoneOffset.UTC);
    }

    private static Goal valid(GoalCheck check) {
        return switch (check) {
            case GoalCheck.Valid valid -> valid.goal();
            case GoalCheck.Invalid invalid ->
                throw new ApiException(HttpStatus.BAD_REQUEST, invalid.field(), invalid.reason());
        };
    }

    /** The target if it is a JSON number; anything else is no target, which the rules refuse by name. */
    private static Double number(JsonNode target) {
        return target != null && target.isNumber() ? target.asDouble() : null;
    }

    private static ApiException noSuchGoal() {
        return new ApiException(HttpStatus.NOT_FOUND, "id", "no such goal");
    }
}
