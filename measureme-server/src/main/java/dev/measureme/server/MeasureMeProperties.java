package dev.measureme.server;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings every process reads ({@code measureme.*}).
 *
 * @param target the roles this process runs, comma-separated: {@code all}, {@code ingest}, {@code router},
 *     {@code worker}, {@code api}
 * @param dataDir where the embedded database and the files written at first start live
 * @param partitions P, the number of work partitions; a user's events always go to the same one
 */
@ConfigurationProperties("measureme")
public record MeasureMeProperties(
        @DefaultValue("all") String target,
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("8") int partitions) {

    public MeasureMeProperties {
        if (partitions <= 0) {
            throw new IllegalArgumentException("measureme.partitions must be > 0 (got " + partitions + ")");
        }
    }
}
