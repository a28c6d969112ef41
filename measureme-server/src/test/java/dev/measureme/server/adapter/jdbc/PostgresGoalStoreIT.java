package dev.measureme.server.adapter.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.measureme.core.contract.GoalStoreContract;
import dev.measureme.core.port.AccountStore;
import dev.measureme.core.port.GoalStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The goal store contract against {@link JdbcGoalStore} on a real PostgreSQL, as the distributed profile runs it. */
class PostgresGoalStoreIT extends GoalStoreContract {

    private static HikariDataSource dataSource;
    private static JdbcTemplate jdbc;
    private JdbcGoalStore goals;
    private JdbcAccountStore accounts;

    @BeforeAll
    static void openDatabase() {
        dataSource = PostgresDatabases.migrated("measureme_it_goal_store");
        jdbc = new JdbcTemplate(dataSource);
    }

    @AfterAll
    static void closeDatabase() {
        dataSource.close();
    }

    @Override
    protected void openEmptyStores() {
        jdbc.execute("TRUNCATE goals, api_keys, deleted_users, users CASCADE");
        goals = new JdbcGoalStore(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
        accounts = new JdbcAccountStore(jdbc);
    }

    @Override
    protected GoalStore goals() {
        return goals;
    }

    @Override
    protected AccountStore accounts() {
        return accounts;
    }
}
