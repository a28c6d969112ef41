package dev.measureme.server.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code java -jar measureme.jar simulate …}: the simulator as a command, for demos and benchmarks, with the
 * same generator the dashboard's simulation panel uses. It needs no backend: it talks to ingest over HTTP.
 *
 * <pre>
 *   simulate --url=http://localhost:8080 (--key=mm_… | --key-file=data/guest-api-key)
 *            [--rate=100] [--duration=30s] [--backfill-days=0] [--per-day=40]
 *            [--sources=fitness,study,voice] [--timezone=UTC] [--seed=N]
 * </pre>
 *
 * Prints one line: {@code sent= accepted= rejected= failed_requests= seconds= events_per_second= p50_ms=
 * p99_ms=}. Exit status: 0 when every event sent was accepted, 1 otherwise, 2 for a usage mistake.
 */
public final class SimulateCommand {

    public static final String NAME = "simulate";

    private SimulateCommand() {}

    public static int run(String[] args, PrintStream out) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : Arrays.copyOfRange(args, 1, args.length)) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                return usage(out, "options are --name=value (got " + arg + ")");
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        Simulation.Settings settings;
        long seed;
        try {
            settings = settings(options);
            seed = Long.parseLong(options.getOrDefault("seed", Long.toString(System.nanoTime())));
        } catch (IllegalArgumentException | DateTimeException | IOException e) {
            return usage(out, e.getMessage());
        }
        EventGenerator generator =
                new EventGenerator("sim-" + UUID.randomUUID().toString().substring(0, 8), seed, settings.sources());
        try {
            Simulation.Report report = new Simulation(settings, generator, Clock.systemUTC()).run();
            out.println(report.line());
            return report.accepted() == report.sent() ? 0 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static Simulation.Settings settings(Map<String, String> options) throws IOException {
        String url = options.get("url");
        if (url == null) {
            throw new IllegalArgumentException("--url is required, e.g. --url=http://localhost:8080");
        }
        String key = options.get("key");
        if (key == null && options.containsKey("key-file")) {
            key = Files.readString(Path.of(options.get("key-file")), StandardCharsets.UTF_8)
                    .trim();
        }
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("--key or --key-file is required (a key with the ingest scope)");
        }
        Set<EventGenerator.Source> sources = EnumSet.noneOf(EventGenerator.Source.class);
        for (String source :
                options.getOrDefault("sources", "fitness,study,voice").split(",")) {
            sources.add(EventGenerator.Source.valueOf(source.trim().toUpperCase(Locale.ROOT)));
        }
        return new Simulation.Settings(
                URI.create(url.replaceAll("/+$", "") + "/api/v1/events"),
                key,
                Integer.parseInt(options.getOrDefault("rate", "100")),
                duration(options.getOrDefault("duration", "30s")),
                Integer.parseInt(options.getOrDefault("backfill-days", "0")),
                Integer.parseInt(options.getOrDefault("per-day", "40")),
                sources,
                ZoneId.of(options.getOrDefault("timezone", "UTC")));
    }

    /** {@code 30s}, {@code 5m}, {@code 1h}, or an ISO-8601 duration. */
    private static Duration duration(String text) {
        try {
            if (text.matches("[0-9]+[smh]")) {
                long n = Long.parseLong(text.substring(0, text.length() - 1));
                return switch (text.charAt(text.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--duration must look like 30s, 5m or 1h (got " + text + ")");
        }
    }

    private static int usage(PrintStream out, String problem) {
        out.println("usage: " + problem);
        out.println("simulate --url=URL (--key=KEY | --key-file=FILE) [--rate=1..5000] [--duration=30s]"
                + " [--backfill-days=0..365] [--per-day=N] [--sources=fitness,study,voice] [--timezone=ZONE]");
        return 2;
    }
}
