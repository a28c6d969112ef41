package dev.measureme.core.port;

import dev.measureme.core.goal.Goal;
import java.util.List;
import java.util.Optional;

/** Users' goals. Every read and change is scoped to one user: no goal is reachable through another user. */
public interface GoalStore {

    /** How an {@link #add} ended. */
    enum Addition {
        ADDED,
        /** The user already has a goal of the same type, measure and period; nothing was added. */
        DUPLICATE,
        /** The user already has {@value Goal#MAX_PER_USER} goals; nothing was added. */
        LIMIT_REACHED
    }

    /** The user's goals, oldest first. */
    List<Goal> goals(String user);

    /** The user's goal {@code id}; empty if the user has none of that id, whoever else may. */
    Optional<Goal> goal(String user, String id);

    /** Adds the goal of {@code goal.user()}, an existing user, unless that user has one like it or too many. */
    Addition add(Goal goal);

    /** Sets the target and name of the user's goal of {@code goal.id()}; returns false if the user has no such goal. */
    boolean update(Goal goal);

    /** Deletes the user's goal {@code id}; returns false if the user has no such goal. */
    boolean delete(String user, String id);
}
