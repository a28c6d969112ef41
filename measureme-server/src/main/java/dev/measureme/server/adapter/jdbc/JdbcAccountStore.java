package dev.measureme.server.adapter.jdbc;

import dev.measureme.core.account.ApiKey;
import dev.measureme.core.account.Scope;
import dev.measureme.core.account.User;
import dev.measureme.core.port.AccountStore;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/** Users and API keys in the relational store. */
public final class JdbcAccountStore implements AccountStore {

    private final JdbcTemplate jdbc;

    public JdbcAccountStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<User> user(String name) {
        return jdbc
                .query(
                        "SELECT name, timezone FROM users WHERE name = ?",
                        (rs, row) -> new User(rs.getString("name"), ZoneId.of(rs.getString("timezone"))),
                        name)
                .stream()
                .findFirst();
    }

    @Override
    public List<User> users() {
        return jdbc.query(
                "SELECT name, timezone FROM users ORDER BY name",
                (rs, row) -> new User(rs.getString("name"), ZoneId.of(rs.getString("timezone"))));
    }

    @Override
    public boolean createUser(User user) {
        // Not while a deletion of the name is still settling: events of the old account may be on their way,
        // and the store drops those received before the deletion's mark (EventStore.deleteUser).
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return jdbc.update(
                        """
                        INSERT INTO users (name, timezone, created_at)
                        SELECT ?, ?, ? WHERE NOT EXISTS
                            (SELECT 1 FROM deleted_users WHERE user_name = ? AND deleted_ms >= ?)
                        ON CONFLICT DO NOTHING""",
                        user.name(),
                        user.zone().getId(),
                        now,
                        user.name(),
                        now.toInstant().toEpochMilli())
                == 1;
    }

    @Override
    public Optional<ApiKey> keyByHash(String hash) {
        return jdbc.query(KEY_COLUMNS + " FROM api_keys WHERE secret_hash = ?", JdbcAccountStore::key, hash).stream()
                .findFirst();
    }

    @Override
    public void addKey(ApiKey key) {
        jdbc.update(
                """
                INSERT INTO api_keys (id, user_name, prefix, secret_hash, scopes, source, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""",
                key.id(),
                key.user(),
                key.prefix(),
                key.hash(),
                key.scopes().stream().map(Enum::name).sorted().collect(Collectors.joining(",")),
                key.source(),
                key.createdAt().atOffset(ZoneOffset.UTC));
    }

    @Override
    public boolean hasActiveKey(String user) {
        Integer count = jdbc.queryForObject(
                "SELECT COUNT(*) FROM api_keys WHERE user_name = ? AND revoked_at IS NULL", Integer.class, user);
        return count != null && count > 0;
    }

    @Override
    public List<ApiKey> keys(String user) {
        return jdbc.query(
                KEY_COLUMNS + " FROM api_keys WHERE user_name = ? ORDER BY created_at DESC, id",
                JdbcAccountStore::key,
                user);
    }

    @Override
    public boolean revokeKey(String user, String id, Instant at) {
        return jdbc.update(
                        "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND user_name = ? AND revoked_at IS NULL",
                        at.atOffset(ZoneOffset.UTC),
                        id,
                        user)
                == 1;
    }

    @Override
    public void keyUsed(String id, Instant at) {
        jdbc.update("UPDATE api_keys SET last_used_at = ? WHERE id = ?", at.atOffset(ZoneOffset.UTC), id);
    }

    @Override
    public Optional<String> passwordHash(String user) {
        return jdbc.queryForList("SELECT password_hash FROM users WHERE name = ?", String.class, user).stream()
                .filter(java.util.Objects::nonNull)
                .findFirst();
    }

    @Override
    public boolean setPasswordHash(String user, String encoded) {
        return jdbc.update("UPDATE users SET password_hash = ? WHERE name = ?", encoded, user) == 1;
    }

    @Override
    public Optional<Instant> countLoginAttempt(String user, Instant now, int limit, Duration window) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        OffsetDateTime expired = now.minus(window).atOffset(ZoneOffset.UTC);
        int counted = jdbc.update("""
                UPDATE users SET
                    failed_logins = CASE WHEN failed_window_start IS NULL OR failed_window_start <= ?
                                         THEN 1 ELSE failed_logins + 1 END,
                    failed_window_start = CASE WHEN failed_window_start IS NULL OR failed_window_start <= ?
                                               THEN ? ELSE failed_window_start END
                WHERE name = ? AND (failed_window_start IS NULL OR failed_window_start <= ? OR failed_logins < ?)""", expired, expired, at, user, expired, limit);
        if (counted == 1) {
            return Optional.empty();
        }
        return jdbc
                .query(
                        "SELECT failed_window_start FROM users WHERE name = ?",
                        (rs, row) -> instant(rs.getTimestamp(1)),
                        user)
                .stream()
                .filter(java.util.Objects::nonNull)
                .map(start -> start.plus(window))
                .findFirst();
    }

    @Override
    public void clearLoginAttempts(String user) {
        jdbc.update("UPDATE users SET failed_logins = 0, failed_window_start = NULL WHERE name = ?", user);
    }

    @Override
    public boolean deleteUser(String user) {
        jdbc.update("DELETE FROM api_keys WHERE user_name = ?", user);
        jdbc.update("DELETE FROM goals WHERE user_name = ?", user);
        return jdbc.update("DELETE FROM users WHERE name = ?", user) == 1;
    }

    private static final String KEY_COLUMNS =
            "SELECT id, user_name, prefix, secret_hash, scopes, source, created_at, revoked_at, last_used_at";

    private static ApiKey key(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new ApiKey(
                rs.getString("id"),
                rs.getString("user_name"),
                rs.getString("prefix"),
                rs.getString("secret_hash"),
                parseScopes(rs.getString("scopes")),
                rs.getString("source"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("revoked_at")),
                instant(rs.getTimestamp("last_used_at")));
    }

    private static EnumSet<Scope> parseScopes(String scopes) {
        EnumSet<Scope> parsed = EnumSet.noneOf(Scope.class);
        Arrays.stream(scopes.split(","))
                .filter(s -> !s.isBlank())
                .map(Scope::valueOf)
                .forEach(parsed::add);
        return parsed;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
