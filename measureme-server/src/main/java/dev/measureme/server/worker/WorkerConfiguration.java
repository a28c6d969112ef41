package dev.measureme.server.worker;

import dev.measureme.core.port.AccountStore;
import dev.measureme.core.port.BucketCache;
import dev.measureme.core.port.EventBus;
import dev.measureme.core.port.EventStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The worker role. */
@Configuration(proxyBeanMethods = false)
public class WorkerConfiguration {

    @Bean(initMethod = "start")
    EventWriter eventWriter(
            EventBus bus, EventStore store, AccountStore accounts, Optional<BucketCache> cache, MeterRegistry meters) {
        return new EventWriter(bus, store, accounts, cache, meters);
    }
}
