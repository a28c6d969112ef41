package dev.measureme.server.ingest;

import dev.measureme.core.event.EventParser;
import dev.measureme.core.port.EventBus;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The ingest role: {@code POST /api/v1/events}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IngestProperties.class)
public class IngestConfiguration {

    @Bean
    IngestController ingestController(EventBus bus, IngestProperties properties, Clock clock) {
        return new IngestController(new EventParser(clock), bus, properties, clock);
    }
}
