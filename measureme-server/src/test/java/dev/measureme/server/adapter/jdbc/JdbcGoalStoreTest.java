package dev.measureme.server.adapter.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.measureme.core.contract.GoalStoreContract;
import dev.measureme.core.port.AccountStore;
import dev.measureme.core.port.GoalStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The goal store contract against {@link JdbcGoalStore} on the embedded H2 database, as the embedded mode runs it. */
class JdbcGoalStoreTest extends GoalStoreContract {

    @TempDir
    Path dataDir;

    private HikariDataSource dataSource;
    private JdbcGoalStore goals;
    private JdbcAccountStore accounts;

    @Override
    protected void openEmptyStores() {
        dataSource = H2Databases.migrated(dataDir);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        goals = new JdbcGoalStore(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
        accounts = new JdbcAccountStore(jdbc);
    }

    @AfterEach
    void closeDatabase() {
        dataSource.close();
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
