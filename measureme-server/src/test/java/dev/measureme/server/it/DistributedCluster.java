package dev.measureme.server.it;

import dev.measureme.server.adapter.jdbc.PostgresDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * MeasureMe distributed on loopback, driven through {@code deploy/local/run-distributed.sh} exactly as the
 * README tells an operator to: each role its own JVM, against the real RabbitMQ, PostgreSQL and Redis. A
 * cluster owns a fresh database, its own Redis database and its own queue prefix, and removes its queues when
 * it closes.
 */
final class DistributedCluster implements AutoCloseable {

    private static final Path SCRIPT = Path.of("..", "deploy", "local", "run-distributed.sh");

    final String database;
    final int redisDatabase;
    final String prefix;
    final int partitions;
    private final Path runDir;
    private final LettuceConnectionFactory redisConnections;
    final StringRedisTemplate redis;

    private final String extraArgs;

    /** @param extraArgs settings given to every process of the cluster */
    DistributedCluster(String name, int redisDatabase, int partitions, String... extraArgs) {
        this.extraArgs = String.join(" ", extraArgs);
        this.database = "measureme_it_" + name;
        this.redisDatabase = redisDatabase;
        this.prefix = "it-" + name + "-" + UUID.randomUUID().toString().substring(0, 6);
        this.partitions = partitions;
        this.runDir = Path.of("target", "it-distributed", name).toAbsolutePath();
        PostgresDatabases.recreate(database);
        RedisStandaloneConfiguration config = new RedisStandaloneConfiguration("127.0.0.1", 6379);
        config.setDatabase(redisDatabase);
        redisConnections = new LettuceConnectionFactory(config);
        redisConnections.afterPropertiesSet();
        redisConnections.start();
        redis = new StringRedisTemplate(redisConnections);
        redis.afterPropertiesSet();
        redis.execute((org.springframework.data.redis.core.RedisCallback<Void>) c -> {
            c.serverCommands().flushDb();
            return null;
        });
        script("setup");
    }

    String jdbcUrl() {
        return PostgresDatabases.SERVER + database;
    }

    /** Starts one role as process {@code name}; returns once it answers ready. */
    void start(String role, String name, int port) {
        script("start", role, name, Integer.toString(port));
    }

    /** {@code kill -9}. */
    void kill(String name) {
        script("kill", name);
    }

    /** Runs an operator command on the cluster's backends and returns what it printed. */
    List<String> command(String... args) {
        List<String> all = new ArrayList<>(List.of("command"));
        all.addAll(List.of(args));
        return script(all.toArray(String[]::new));
    }

    private List<String> script(String... args) {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        try {
            Files.createDirectories(runDir);
            Path output = Files.createTempFile(runDir, "script", ".out");
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            Map<String, String> env = builder.environment();
            env.put(
                    "MEASUREME_JAR",
                    Path.of(System.getProperty("measureme.jar", "target/measureme.jar"))
                            .toAbsolutePath()
                            .toString());
            env.put("RUN_DIR", runDir.toString());
            env.put("DB", database);
            env.put("PGUSER", PostgresDatabases.USER);
            env.put("REDIS_DB", Integer.toString(redisDatabase));
            env.put("RABBIT_PREFIX", prefix);
            env.put("PARTITIONS", Integer.toString(partitions));
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("EXTRA_ARGS", extraArgs);
            Process process = builder.start();
            if (!process.waitFor(240, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("run-distributed.sh " + String.join(" ", args) + " timed out");
            }
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("run-distributed.sh " + String.join(" ", args) + " exited "
                        + process.exitValue() + ":\n" + String.join("\n", lines));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            script("down");
        } finally {
            CachingConnectionFactory connections = new CachingConnectionFactory("127.0.0.1", 5672);
            try {
                RabbitAdmin admin = new RabbitAdmin(connections);
                admin.deleteQueue(prefix + ".ingest");
                admin.deleteQueue(prefix + ".dead-letters");
                admin.deleteQueue(prefix + ".workers");
                for (int p = 0; p < partitions; p++) {
                    admin.deleteQueue(prefix + ".work." + p);
                }
                admin.deleteExchange(prefix + ".live");
                admin.deleteExchange(prefix + ".dlx");
            } finally {
                connections.destroy();
                redisConnections.destroy();
            }
        }
    }
}
