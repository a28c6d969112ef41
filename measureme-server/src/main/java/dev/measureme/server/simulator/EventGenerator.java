package dev.measureme.server.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Makes the events of simulated apps, in the event contract's JSON shape (DESIGN.md §4): a fitness app
 * (steps, push-ups, runs with a duration), a study timer (pomodoro sessions with a duration) and a voice
 * assistant ("log two glasses of water"). Live events happen now; a backfill spreads the events of past days
 * over each day with the rhythm of a person: steps through the waking day, runs and push-ups in the morning
 * and early evening, study in the afternoon and evening, water through the day, nothing at night.
 *
 * <p>Ids are unique per generator ({@code <run>-<n>}), so a retried request is deduplicated by the store.
 */
final class EventGenerator {

    /** The simulated apps. */
    enum Source {
        FITNESS("fitness-app"),
        STUDY("study-timer"),
        VOICE("voice-assistant");

        final String sourceName;

        Source(String sourceName) {
            this.sourceName = sourceName;
        }
    }

    /** Relative activity of each local hour of a day, 0 to 23: the rhythm a backfill follows. */
    private static final Map<Source, int[]> RHYTHM = Map.of(
            Source.FITNESS, new int[] {0, 0, 0, 0, 0, 0, 3, 8, 6, 4, 3, 3, 4, 3, 3, 3, 4, 7, 8, 6, 4, 2, 1, 0},
            Source.STUDY, new int[] {0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 4, 4, 2, 3, 5, 6, 5, 3, 2, 4, 5, 4, 2, 0},
            Source.VOICE, new int[] {0, 0, 0, 0, 0, 0, 1, 4, 5, 4, 3, 3, 5, 4, 3, 3, 4, 3, 4, 4, 3, 2, 1, 0});

    private final String run;
    private final Random random;
    private final List<Source> sources;
    private long next;

    EventGenerator(String run, long seed, Set<Source> sources) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("name at least one source of " + List.of(Source.values()));
        }
        this.run = run;
        this.random = new Random(seed);
        this.sources = List.copyOf(sources);
    }

    /** One event that happens at {@code at}, from one of the sources. */
    Map<String, Object> event(Instant at) {
        return event(sources.get(random.nextInt(sources.size())), at);
    }

    /**
     * About {@code perDay} events on each of the {@code days} days before {@code now} (not today), in
     * {@code zone}, following each source's daily rhythm; oldest first.
     */
    List<Map<String, Object>> backfill(Instant now, ZoneId zone, int days, int perDay) {
        List<Map<String, Object>> events = new ArrayList<>();
        LocalDate today = now.atZone(zone).toLocalDate();
        for (int d = days; d >= 1; d--) {
            LocalDate day = today.minusDays(d);
            // Some days are busier than others: 50 % to 150 % of the mean.
            int count = (int) Math.round(perDay * (0.5 + random.nextDouble()));
            for (int i = 0; i < count; i++) {
                Source source = sources.get(random.nextInt(sources.size()));
                int hour = hourOf(RHYTHM.get(source));
                ZonedDateTime at = day.atStartOfDay(zone).plusHours(hour).plusSeconds(random.nextInt(3600));
                events.add(event(source, at.toInstant()));
            }
        }
        events.sort((a, b) -> ((String) a.get("timestamp")).compareTo((String) b.get("timestamp")));
        return events;
    }

    private int hourOf(int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int pick = random.nextInt(total);
        for (int hour = 0; hour < weights.length; hour++) {
            pick -= weights[hour];
            if (pick < 0) {
                return hour;
            }
        }
        return weights.length - 1;
    }

    private Map<String, Object> event(Source source, Instant at) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", run + "-" + next++);
        switch (source) {
            case FITNESS -> {
                int kind = random.nextInt(10);
                if (kind < 6) {
                    event.put("type", "steps");
                    event.put("value", 100 + random.nextInt(1900));
                    event.put("unit", "steps");
                } else if (kind < 9) {
                    event.put("type", "pushups");
                    event.put("value", 5 + random.nextInt(36));
                } else {
                    int minutes = 15 + random.nextInt(61);
                    event.put("type", "runs");
                    event.put("value", Math.round(minutes / 6.0 * 10) / 10.0);
                    event.put("unit", "km");
                    event.put("duration", Duration.ofMinutes(minutes).toSeconds());
                }
                event.put("category", "fitness");
            }
            case STUDY -> {
                event.put("type", "study.pomodoros");
                event.put("value", 1);
                event.put("duration", Duration.ofMinutes(25).toSeconds());
                event.put("category", "study");
                event.put("attributes", Map.of("subject", SUBJECTS.get(random.nextInt(SUBJECTS.size()))));
            }
            case VOICE -> {
                int glasses = 1 + random.nextInt(2);
                event.put("type", "water.glasses");
                event.put("value", glasses);
                event.put("category", "health");
                event.put(
                        "attributes",
                        Map.of("utterance", glasses == 1 ? "log a glass of water" : "log two glasses of water"));
            }
        }
        event.put("timestamp", at.toString());
        event.put("source", source.sourceName);
        return event;
    }

    private static final List<String> SUBJECTS = List.of("maths", "history", "languages", "physics");
}
