package dev.measureme.core.goal;

/** The outcome of checking what a user asked a goal to be. */
public sealed interface GoalCheck {

    /** The goal as asked, valid. */
    record Valid(Goal goal) implements GoalCheck {}

    /** Why not: the field at fault, by its name on the wire, and the rule it breaks. */
    record Invalid(String field, String reason) implements GoalCheck {}
}
