package dev.measureme.server.adapter.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.measureme.core.contract.GoalStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The goal store contract against {@link JdbcGoalStore} on a real PostgreSQL, as the distributed profile runs it. */
class PostgresGoalStoreIT extends GoalStoreContract {

    private static HikariDataSource dataSource;

    @BeforeAll
    static void openDatabase() {
        dataSource = PostgresDatabases.migrated("measureme_it_goal_store");
    }

    @AfterAll
    static void closeDatabase() {
        dataSource.close();
    }

    @Override
    protected Stores openEmptyStores() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("TRUNCATE goals, api_keys, deleted_users, users CASCADE");
        return new Stores(
                new JdbcGoalStore(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource))),
                new JdbcAccountStore(jdbc));
    }
}
