package dev.measureme.server.adapter.jdbc;

import dev.measureme.core.goal.Goal;
import dev.measureme.core.goal.GoalPeriod;
import dev.measureme.core.goal.Measure;
import dev.measureme.core.port.GoalStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Goals in the relational store, one SQL for H2 and PostgreSQL.
 *
 * <p>Concurrency: the unique constraint keeps one goal per (user, type, measure, period) whatever runs at once;
 * the limit of {@value Goal#MAX_PER_USER} goals is counted under the user's row lock (the lock a zone change and a
 * deletion take too), so two additions on two replicas cannot both pass it. Every statement names the user, so a
 * goal id of another user matches nothing.
 */
public final class JdbcGoalStore implements GoalStore {

    private static final String COLUMNS =
            "SELECT id, user_name, event_type, measure, period, target, name, created_at FROM goals";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public JdbcGoalStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public List<Goal> goals(String user) {
        return jdbc.query(COLUMNS + " WHERE user_name = ? ORDER BY created_at, id", JdbcGoalStore::goal, user);
    }

    @Override
    public Optional<Goal> goal(String user, String id) {
        return jdbc.query(COLUMNS + " WHERE user_name = ? AND id = ?", JdbcGoalStore::goal, user, id).stream()
                .findFirst();
    }

    @Override
    public Addition add(Goal goal) {
        return transactions.execute(status -> {
            jdbc.query("SELECT name FROM users WHERE name = ? FOR UPDATE", (ResultSet rs) -> {}, goal.user());
            Integer count =
                    jdbc.queryForObject("SELECT COUNT(*) FROM goals WHERE user_name = ?", Integer.class, goal.user());
            if (count != null && count >= Goal.MAX_PER_USER) {
                return Addition.LIMIT_REACHED;
            }
            int added = jdbc.update(
                    """
                    INSERT INTO goals (id, user_name, event_type, measure, period, target, name, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT DO NOTHING""",
                    goal.id(),
                    goal.user(),
                    goal.type(),
                    goal.measure().wireName(),
                    goal.period().wireName(),
                    goal.target(),
                    goal.name(),
                    goal.createdAt().atOffset(ZoneOffset.UTC));
            return added == 1 ? Addition.ADDED : Addition.DUPLICATE;
        });
    }

    @Override
    public boolean update(Goal goal) {
        return jdbc.update(
                        "UPDATE goals SET target = ?, name = ? WHERE user_name = ? AND id = ?",
                        goal.target(),
                        goal.name(),
                        goal.user(),
                        goal.id())
                == 1;
    }

    @Override
    public boolean delete(String user, String id) {
        return jdbc.update("DELETE FROM goals WHERE user_name = ? AND id = ?", user, id) == 1;
    }

    private static Goal goal(ResultSet rs, int row) throws SQLException {
        return new Goal(
                rs.getString("id"),
                rs.getString("user_name"),
                rs.getString("event_type"),
                Measure.named(rs.getString("measure")).orElseThrow(),
                GoalPeriod.named(rs.getString("period")).orElseThrow(),
                rs.getDouble("target"),
                rs.getString("name"),
                rs.getTimestamp("created_at").toInstant());
    }
}
