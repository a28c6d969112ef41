package dev.measureme.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code measureme.*} part of {@code docs/configuration.md} is generated from the configuration metadata
 * that the compiler writes from the {@code @ConfigurationProperties} records (their Javadoc and defaults), and
 * this test fails when the two drift apart, as Loki's {@code make check-doc} does. To regenerate the section
 * after a change: {@code ./mvnw -pl measureme-server test -Dtest=ConfigurationReferenceTest
 * -Dconfiguration-reference.write=true}.
 */
class ConfigurationReferenceTest {

    private static final Path REFERENCE = Path.of("..", "docs", "configuration.md");
    private static final String BEGIN = "<!-- generated from the configuration metadata: begin -->\n";
    private static final String END = "<!-- generated from the configuration metadata: end -->";

    @Test
    void reference_matchesTheConfigurationMetadata() throws IOException {
        String document = Files.readString(REFERENCE);
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        assertThat(begin).as("%s has the generated section markers", REFERENCE).isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String expected = render(properties());
        if (Boolean.getBoolean("configuration-reference.write")) {
            Files.writeString(
                    REFERENCE, document.substring(0, begin + BEGIN.length()) + expected + document.substring(end));
            return;
        }
        assertThat(document.substring(begin + BEGIN.length(), end))
                .as("docs/configuration.md is out of date; regenerate it as this test's Javadoc says")
                .isEqualTo(expected);
    }

    @Test
    void metadata_describesEveryMeasureMeProperty() throws IOException {
        List<JsonNode> properties = properties();
        assertThat(properties).extracting(p -> p.get("name").asString()).contains("measureme.target");
        assertThat(properties)
                .allSatisfy(p -> assertThat(p.path("description").asString(""))
                        .as("Javadoc of %s", p.get("name").asString())
                        .isNotBlank());
    }

    private static List<JsonNode> properties() throws IOException {
        try (InputStream in =
                ConfigurationReferenceTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("configuration metadata on the classpath").isNotNull();
            JsonNode metadata =
                    JsonMapper.builder().build().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            List<JsonNode> properties = new ArrayList<>();
            metadata.get("properties").forEach(p -> {
                if (p.get("name").asString().startsWith("measureme.")) {
                    properties.add(p);
                }
            });
            properties.sort(
                    (a, b) -> a.get("name").asString().compareTo(b.get("name").asString()));
            return properties;
        }
    }

    private static String render(List<JsonNode> properties) {
        StringBuilder table = new StringBuilder("| Property | Default | Meaning |\n| --- | --- | --- |\n");
        for (JsonNode p : properties) {
            JsonNode value = p.get("defaultValue");
            String defaultValue = value == null || value.isNull() ? "" : "`" + value.asString() + "`";
            String description = p.path("description")
                    .asString("")
                    .replaceAll("\\{@code ([^}]*)}", "`$1`")
                    .replaceAll("\\{@link ([^}]*)}", "`$1`")
                    .replaceAll("\\s+", " ")
                    .replace("|", "\\|")
                    .strip();
            table.append("| `")
                    .append(p.get("name").asString())
                    .append("` | ")
                    .append(defaultValue)
                    .append(" | ")
                    .append(description)
                    .append(" |\n");
        }
        return table.toString();
    }
}
