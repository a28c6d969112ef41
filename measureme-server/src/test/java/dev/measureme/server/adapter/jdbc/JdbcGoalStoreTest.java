package dev.measureme.server.adapter.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.measureme.core.contract.GoalStoreContract;
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

    @Override
    protected Stores openEmptyStores() {
        dataSource = H2Databases.migrated(dataDir);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        return new Stores(
                new JdbcGoalStore(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource))),
                new JdbcAccountStore(jdbc));
    }

    @AfterEach
    void closeDatabase() {
        dataSource.close();
    }
}
