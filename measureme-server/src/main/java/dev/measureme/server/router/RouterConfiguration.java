package dev.measureme.server.router;

import dev.measureme.core.port.AccountStore;
import dev.measureme.core.port.EventBus;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The router role. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RouterProperties.class)
public class RouterConfiguration {

    @Bean(initMethod = "start")
    Router router(EventBus bus, AccountStore accounts, Clock clock, RouterProperties properties) {
        return new Router(bus, accounts, clock, properties.zoneTtl());
    }
}
