package dev.measureme.server.adapter.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;

/** Opens an H2 file database as the embedded mode does (application.properties), migrated by Flyway. */
final class H2Databases {

    /** The URL options of {@code spring.datasource.url} in application.properties. */
    private static final String OPTIONS =
            ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";

    private H2Databases() {}

    /** A pooled data source on a new database in {@code dir}, with every migration applied; close it after use. */
    static HikariDataSource migrated(Path dir) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl("jdbc:h2:file:" + dir.resolve("measureme").toAbsolutePath() + OPTIONS);
        dataSource.setUsername("sa");
        dataSource.setPassword("");
        dataSource.setMaximumPoolSize(2);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/h2")
                .load()
                .migrate();
        return dataSource;
    }
}
