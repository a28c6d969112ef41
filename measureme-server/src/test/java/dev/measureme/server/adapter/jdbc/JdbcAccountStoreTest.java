package dev.measureme.server.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.measureme.core.account.ApiKey;
import dev.measureme.core.account.ApiKeys;
import dev.measureme.core.account.Scope;
import dev.measureme.core.account.User;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

class JdbcAccountStoreTest {

    private static final Instant NOW = Instant.parse("2026-12-02T20:30:15.123Z");
    private static final User ANN = new User("ann", ZoneId.of("Asia/Kathmandu"));

    @TempDir
    Path dataDir;

    private HikariDataSource dataSource;
    private JdbcTemplate jdbc;
    private JdbcAccountStore accounts;

    @BeforeEach
    void openDatabase() {
        dataSource = H2Databases.migrated(dataDir);
        jdbc = new JdbcTemplate(dataSource);
        accounts = new JdbcAccountStore(jdbc);
    }

    @AfterEach
    void closeDatabase() {
        dataSource.close();
    }

    @Test
    void createUser_whenNew_createsItWithItsZone() {
        boolean created = accounts.createUser(ANN);

        assertThat(created).isTrue();
        assertThat(accounts.user("ann")).contains(ANN);
    }

    @Test
    void createUser_whenNameTaken_returnsFalseAndKeepsTheFirstUser() {
        accounts.createUser(ANN);

        boolean created = accounts.createUser(new User("ann", ZoneId.of("Europe/Berlin")));

        assertThat(created).isFalse();
        assertThat(accounts.user("ann")).contains(ANN);
    }

    @Test
    void user_whenUnknown_returnsEmpty() {
        assertThat(accounts.user("nobody")).isEmpty();
    }

    @Test
    void keyByHash_afterAddKey_returnsTheKey() {
        accounts.createUser(ANN);
        ApiKeys.Issued issued = ApiKeys.issue("ann", Set.of(Scope.INGEST, Scope.READ), "watch", NOW);

        accounts.addKey(issued.key());

        assertThat(accounts.keyByHash(ApiKeys.hash(issued.secret()))).contains(issued.key());
    }

    @Test
    void keyByHash_whenKeyHasOneScope_returnsOnlyThatScope() {
        accounts.createUser(ANN);
        ApiKeys.Issued issued = ApiKeys.issue("ann", Set.of(Scope.INGEST), "watch", NOW);
        accounts.addKey(issued.key());

        ApiKey found = accounts.keyByHash(issued.key().hash()).orElseThrow();

        assertThat(found.scopes()).containsExactly(Scope.INGEST);
        assertThat(found.allows(Scope.INGEST)).isTrue();
        assertThat(found.allows(Scope.READ)).isFalse();
    }

    @Test
    void keyByHash_whenHashUnknown_returnsEmpty() {
        accounts.createUser(ANN);
        accounts.addKey(ApiKeys.issue("ann", Set.of(Scope.INGEST), "watch", NOW).key());

        assertThat(accounts.keyByHash(ApiKeys.hash("mm_not-a-key"))).isEmpty();
    }

    @Test
    void hasActiveKey_whenUserHasNoKey_returnsFalse() {
        accounts.createUser(ANN);

        assertThat(accounts.hasActiveKey("ann")).isFalse();
    }

    @Test
    void hasActiveKey_afterAddKey_returnsTrue() {
        accounts.createUser(ANN);

        accounts.addKey(ApiKeys.issue("ann", Set.of(Scope.INGEST), "watch", NOW).key());

        assertThat(accounts.hasActiveKey("ann")).isTrue();
        assertThat(accounts.hasActiveKey("bob")).isFalse();
    }

    @Test
    void hasActiveKey_whenOnlyKeyRevoked_returnsFalse() {
        accounts.createUser(ANN);
        ApiKey key = ApiKeys.issue("ann", Set.of(Scope.INGEST), "watch", NOW).key();
        accounts.addKey(key);
        Instant revokedAt = NOW.plusSeconds(60);

        jdbc.update("UPDATE api_keys SET revoked_at = ? WHERE id = ?", Timestamp.from(revokedAt), key.id());

        assertThat(accounts.hasActiveKey("ann")).isFalse();
        ApiKey revoked = accounts.keyByHash(key.hash()).orElseThrow();
        assertThat(revoked.revokedAt()).isEqualTo(revokedAt);
        assertThat(revoked.allows(Scope.INGEST)).isFalse();
    }

    @Test
    void countLoginAttempt_countsUpToTheLimit_thenRefusesUntilTheWindowCloses() {
        accounts.createUser(ANN);
        Duration hour = Duration.ofHours(1);
        for (int i = 0; i < 3; i++) {
            assertThat(accounts.countLoginAttempt("ann", NOW.plusSeconds(i), 3, hour))
                    .isEmpty();
        }

        assertThat(accounts.countLoginAttempt("ann", NOW.plusSeconds(10), 3, hour))
                .contains(NOW.plus(hour));
        assertThat(accounts.countLoginAttempt("ann", NOW.plus(hour).plusSeconds(1), 3, hour))
                .as("a new window")
                .isEmpty();
    }

    @Test
    void countLoginAttempt_afterClear_startsAgain_andUnknownUsersHaveNothingToCount() {
        accounts.createUser(ANN);
        Duration hour = Duration.ofHours(1);
        accounts.countLoginAttempt("ann", NOW, 1, hour);
        assertThat(accounts.countLoginAttempt("ann", NOW, 1, hour)).isPresent();

        accounts.clearLoginAttempts("ann");

        assertThat(accounts.countLoginAttempt("ann", NOW, 1, hour)).isEmpty();
        assertThat(accounts.countLoginAttempt("nobody", NOW, 1, hour)).isEmpty();
    }

    @Test
    void revokeKey_onlyTheOwnersActiveKey_andDeleteUserRemovesUserAndKeys() {
        accounts.createUser(ANN);
        accounts.createUser(new User("bob", ZoneId.of("UTC")));
        ApiKeys.Issued issued = ApiKeys.issue("ann", EnumSet.of(Scope.READ), "phone", NOW);
        accounts.addKey(issued.key());

        assertThat(accounts.revokeKey("bob", issued.key().id(), NOW)).isFalse();
        assertThat(accounts.revokeKey("ann", issued.key().id(), NOW)).isTrue();
        assertThat(accounts.revokeKey("ann", issued.key().id(), NOW))
                .as("already revoked")
                .isFalse();
        assertThat(accounts.keys("ann"))
                .singleElement()
                .satisfies(k -> assertThat(k.revokedAt()).isEqualTo(NOW));
        accounts.setPasswordHash("ann", "$argon2id$stand-in");
        assertThat(accounts.passwordHash("ann")).contains("$argon2id$stand-in");

        assertThat(accounts.deleteUser("ann")).isTrue();

        assertThat(accounts.user("ann")).isEmpty();
        assertThat(accounts.keys("ann")).isEmpty();
        assertThat(accounts.passwordHash("ann")).isEmpty();
        assertThat(accounts.user("bob")).isPresent();
    }
}
