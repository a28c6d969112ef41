package dev.measureme.server.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.measureme.core.event.EventParser;
import dev.measureme.core.event.ParseResult;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EventGeneratorTest {

    private static final Instant NOW = Instant.parse("2026-12-04T09:30:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EventGenerator generator = new EventGenerator("run", 7, EnumSet.allOf(EventGenerator.Source.class));

    @Test
    void event_ofEverySource_passesTheEventContractWithoutARejection() {
        List<Map<String, Object>> events = java.util.stream.IntStream.range(0, 1_000)
                .mapToObj(i -> generator.event(NOW))
                .toList();

        ParseResult result =
                new EventParser(() -> NOW).parse(JSON.writeValueAsBytes(Map.of("events", events)), "ann", "default");

        assertThat(result).isInstanceOfSatisfying(ParseResult.Parsed.class, parsed -> {
            assertThat(parsed.rejected()).isEmpty();
            assertThat(parsed.accepted()).hasSize(1_000);
            assertThat(parsed.accepted())
                    .extracting(e -> e.type())
                    .contains("steps", "pushups", "runs", "study.pomodoros", "water.glasses");
            assertThat(parsed.accepted())
                    .extracting(e -> e.source())
                    .containsOnly("fitness-app", "study-timer", "voice-assistant");
            assertThat(parsed.accepted())
                    .filteredOn(e -> e.type().equals("study.pomodoros"))
                    .allSatisfy(e -> assertThat(e.durationMs()).isEqualTo(25 * 60_000L));
        });
    }

    @Test
    void backfill_coversEveryPastDay_followsTheDailyRhythm_andUsesEachIdOnce() {
        List<Map<String, Object>> events = generator.backfill(NOW, BERLIN, 90, 40);

        Set<Object> ids = new HashSet<>();
        Set<java.time.LocalDate> days = new HashSet<>();
        for (Map<String, Object> event : events) {
            assertThat(ids.add(event.get("id"))).as("unique id").isTrue();
            var local = Instant.parse((String) event.get("timestamp")).atZone(BERLIN);
            assertThat(local.getHour()).as("nobody logs in the small hours").isBetween(6, 23);
            assertThat(local.toLocalDate()).isBefore(NOW.atZone(BERLIN).toLocalDate());
            days.add(local.toLocalDate());
        }
        assertThat(days).hasSize(90);
        assertThat(events.size()).isBetween(90 * 20, 90 * 60);
        assertThat(events).extracting(e -> (String) e.get("timestamp")).isSorted();
        assertThat(Instant.parse((String) events.getFirst().get("timestamp"))).isAfter(NOW.minus(92, ChronoUnit.DAYS));
    }

    @Test
    void generator_withOneSource_makesOnlyItsEvents_andNeedsOne() {
        EventGenerator water = new EventGenerator("w", 1, EnumSet.of(EventGenerator.Source.VOICE));

        assertThat(java.util.stream.IntStream.range(0, 50)
                        .mapToObj(i -> water.event(NOW).get("type")))
                .containsOnly("water.glasses");
        assertThatThrownBy(() -> new EventGenerator("none", 1, Set.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
