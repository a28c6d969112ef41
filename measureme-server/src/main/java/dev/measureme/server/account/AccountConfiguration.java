package dev.measureme.server.account;

import dev.measureme.core.port.AccountStore;
import dev.measureme.server.MeasureMeProperties;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Identity shared by the roles that face clients: the guest account. (Authentication is in {@link SecurityConfiguration}, which every process has.) */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GuestProperties.class)
public class AccountConfiguration {

    @Bean
    GuestAccount guestAccount(
            AccountStore accounts, GuestProperties guest, MeasureMeProperties properties, Clock clock) {
        return new GuestAccount(accounts, guest, properties.dataDir(), clock);
    }
}
