package dev.measureme.server.adapter.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.measureme.core.contract.EventStoreContract;
import dev.measureme.core.port.BucketStore;
import dev.measureme.core.port.EventStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The event store contract against {@link JdbcEventStore} and {@link JdbcBucketStore} on an H2 file database. */
class JdbcEventStoreTest extends EventStoreContract {

    @TempDir
    Path dataDir;

    private HikariDataSource dataSource;
    private JdbcEventStore store;
    private JdbcBucketStore buckets;

    @BeforeEach
    void openDatabase() {
        dataSource = H2Databases.migrated(dataDir);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        store = new JdbcEventStore(
                jdbc, SqlDialect.H2, transactions, JsonMapper.builder().build());
        buckets = new JdbcBucketStore(jdbc);
    }

    @AfterEach
    void closeDatabase() {
        dataSource.close();
    }

    @Override
    protected EventStore store() {
        return store;
    }

    @Override
    protected BucketStore buckets() {
        return buckets;
    }
}
