package dev.measureme.server.adapter.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/**
 * Real PostgreSQL databases for the {@code *IT} tests: the local server on 127.0.0.1:5432 (trust auth), one
 * database per test class, created anew and migrated by Flyway as the distributed profile does.
 */
public final class PostgresDatabases {

    /** The server the integration tests use. */
    public static final String SERVER =
            System.getProperty("measureme.it.postgres", "jdbc:postgresql://127.0.0.1:5432/");

    /** The role the tests connect as. */
    public static final String USER = System.getProperty("measureme.it.postgres-user", "postgres");

    private PostgresDatabases() {}

    /** Drops {@code name} if it exists and creates it empty, without migrating it. */
    public static String recreate(String name) {
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, "");
                Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            sql.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("recreate database " + name + " on " + SERVER + ": " + e.getMessage(), e);
        }
        return SERVER + name;
    }

    /** A pooled data source on a new, migrated database {@code name}; close it after use. */
    public static HikariDataSource migrated(String name) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(recreate(name));
        dataSource.setUsername(USER);
        dataSource.setMaximumPoolSize(4);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/postgresql")
                .load()
                .migrate();
        return dataSource;
    }
}
