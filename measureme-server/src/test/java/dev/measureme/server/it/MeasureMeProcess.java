package dev.measureme.server.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged jar, started as a separate process on a free loopback port, as an operator would start it.
 * Its output goes to {@code target/it-logs/<name>-<n>.log}.
 */
final class MeasureMeProcess implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path dataDir;
    private final List<String> extraArgs;
    private final String name;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private Process process;
    private int port;
    private int starts;

    private MeasureMeProcess(String name, Path dataDir, List<String> extraArgs) {
        this.name = name;
        this.dataDir = dataDir;
        this.extraArgs = extraArgs;
    }

    static MeasureMeProcess start(String name, Path dataDir, String... extraArgs) {
        MeasureMeProcess process = new MeasureMeProcess(name, dataDir, List.of(extraArgs));
        process.start();
        return process;
    }

    /** Starts (again) on the same data directory and waits until the process is ready. */
    void start() {
        port = freePort();
        Path jar = Path.of(System.getProperty("measureme.jar", "target/measureme.jar"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--measureme.data-dir=" + dataDir));
        command.addAll(extraArgs);
        try {
            Path logs = Files.createDirectories(Path.of("target", "it-logs"));
            Path log = logs.resolve(name + "-" + (++starts) + ".log");
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            await("readiness of " + name)
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(
                                    name + " exited with " + process.exitValue() + ":\n" + Files.readString(log));
                        }
                        return isReady();
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean isReady() {
        try {
            return getAnonymously("/actuator/health/readiness").statusCode() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    String guestKey() {
        try {
            return Files.readString(dataDir.resolve("guest-api-key")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    int port() {
        return port;
    }

    /** A {@code GET} with the guest's key, as a script reads its data. */
    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + guestKey())
                .GET()
                .build());
    }

    /** A {@code GET} without any credentials. */
    HttpResponse<String> getAnonymously(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    JsonNode getJson(String path) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    HttpResponse<String> postEvents(String json) {
        return postEvents(guestKey(), json);
    }

    HttpResponse<String> postEvents(String key, String json) {
        return send(HttpRequest.newBuilder(uri("/api/v1/events"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpClient http() {
        return http;
    }

    /** {@code kill -9}: no shutdown hook runs, nothing is flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** A graceful stop (SIGTERM), as an operator's restart. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " did not stop within 40 s of SIGTERM");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
