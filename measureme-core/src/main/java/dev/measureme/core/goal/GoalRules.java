package dev.measureme.core.goal;

import dev.measureme.core.goal.GoalCheck.Invalid;
import dev.measureme.core.goal.GoalCheck.Valid;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Checks what a user asks a goal to be, field by field in the order of the wire, and answers the first fault by
 * its field's name. Whether the user already has such a goal, or too many, only the store can tell.
 */
public final class GoalRules {

    /** The event contract's rule for a metric name, so that a goal can name every metric an event can. */
    private static final Pattern TYPE = Pattern.compile("[a-z0-9_.-]{1,64}");

    private static final String TARGET_RULE =
            "must be a number from " + plain(Goal.MIN_TARGET) + " to " + plain(Goal.MAX_TARGET);

    private GoalRules() {}

    /** 1e-6 as "0.000001": the way a client writes it. */
    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /**
     * A new goal of {@code user}. A blank name means none.
     *
     * @param measure and {@code period} by their wire names
     */
    public static GoalCheck create(
            String user, String type, String measure, String period, Double target, String name, Instant now) {
        if (type == null || !TYPE.matcher(type).matches()) {
            return new Invalid("type", "must be 1-64 characters of [a-z0-9_.-]");
        }
        Optional<Measure> measured = Measure.named(measure);
        if (measured.isEmpty()) {
            return new Invalid("measure", "must be one of sum, count, duration");
        }
        Optional<GoalPeriod> per = GoalPeriod.named(period);
        if (per.isEmpty()) {
            return new Invalid("period", "must be one of day, week, month");
        }
        return checked(
                new Goal(UUID.randomUUID().toString(), user, type, measured.get(), per.get(), 0, null, now),
                target,
                name);
    }

    /** {@code goal} with a new target and name; a blank or absent name removes the old one. */
    public static GoalCheck change(Goal goal, Double target, String name) {
        return checked(goal, target, name);
    }

    private static GoalCheck checked(Goal goal, Double target, String name) {
        if (target == null || !(target >= Goal.MIN_TARGET && target <= Goal.MAX_TARGET)) {
            return new Invalid("target", TARGET_RULE);
        }
        String label = name == null || name.isBlank() ? null : name.strip();
        if (label != null && (label.length() > Goal.NAME_LENGTH || label.chars().anyMatch(Character::isISOControl))) {
            return new Invalid(
                    "name", "must be at most " + Goal.NAME_LENGTH + " characters, without control characters");
        }
        return new Valid(new Goal(
                goal.id(), goal.user(), goal.type(), goal.measure(), goal.period(), target, label, goal.createdAt()));
    }
}
