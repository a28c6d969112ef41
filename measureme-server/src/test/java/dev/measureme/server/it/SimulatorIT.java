package dev.measureme.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code java -jar measureme.jar simulate} against the jar, as an app would use it: a week of backfill and a
 * few seconds of live events from every simulated source, with the guest's key. Everything it reports as
 * accepted is stored once and counted in the buckets.
 */
class SimulatorIT {

    @TempDir
    Path dataDir;

    @Test
    void simulate_backfillsAndSendsLive_andEveryAcceptedEventIsStoredAndCounted() throws Exception {
        try (MeasureMeProcess app = MeasureMeProcess.start("simulator", dataDir)) {
            Map<String, String> report = simulate(
                    "--url=http://127.0.0.1:" + app.port(),
                    "--key-file=" + dataDir.resolve("guest-api-key"),
                    "--rate=200",
                    "--duration=3s",
                    "--backfill-days=7",
                    "--per-day=40",
                    "--seed=11");

            long accepted = Long.parseLong(report.get("accepted"));
            assertThat(report.get("sent")).isEqualTo(report.get("accepted"));
            assertThat(report).containsEntry("rejected", "0").containsEntry("failed_requests", "0");
            // 3 s at 200 events a second, and 7 days of 20 to 60 events.
            assertThat(accepted).isBetween(600L + 7 * 20, 600L + 7 * 60);
            assertThat(Double.parseDouble(report.get("p99_ms"))).isPositive();

            long stored = 0;
            String cursor = null;
            do {
                JsonNode page = app.getJson("/api/v1/events?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor));
                stored += page.get("events").size();
                cursor = page.path("next_cursor").isMissingNode()
                                || page.get("next_cursor").isNull()
                        ? null
                        : page.get("next_cursor").asString();
            } while (cursor != null);
            assertThat(stored).isEqualTo(accepted);
            long counted = 0;
            for (JsonNode bucket : app.getJson(
                            "/api/v1/buckets?granularity=month&from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z")
                    .get("buckets")) {
                counted += bucket.get("count").asLong();
            }
            assertThat(counted).isEqualTo(accepted);
        }
    }

    @Test
    void simulate_withABadRate_isAUsageMistake() throws Exception {
        List<String> lines = run("--url=http://127.0.0.1:9", "--key=mm_x", "--rate=5001");

        assertThat(lines.getFirst()).startsWith("usage: rate must be 1 to 5000");
    }

    private Map<String, String> simulate(String... args) throws Exception {
        List<String> lines = run(args);
        Map<String, String> fields = new HashMap<>();
        for (String pair : lines.getLast().split(" ")) {
            fields.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return fields;
    }

    private List<String> run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                Path.of(System.getProperty("measureme.jar", "target/measureme.jar"))
                        .toString(),
                "simulate"));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(dataDir, "simulate", ".out");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS))
                .as("simulate ends by itself")
                .isTrue();
        return Files.readAllLines(output, StandardCharsets.UTF_8);
    }
}
