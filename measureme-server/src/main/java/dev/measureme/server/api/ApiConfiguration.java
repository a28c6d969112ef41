package dev.measureme.server.api;

import dev.measureme.core.port.AccountStore;
import dev.measureme.core.port.BucketStore;
import dev.measureme.core.port.EventBus;
import dev.measureme.core.port.EventStore;
import dev.measureme.server.account.ApiKeyAuthenticator;
import dev.measureme.server.account.GuestAccount;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import tools.jackson.databind.json.JsonMapper;

/** The api role: REST queries, the live WebSocket and the landing page (static files). */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
public class ApiConfiguration {

    @Bean
    Callers callers(ApiKeyAuthenticator authenticator, GuestAccount guest) {
        return new Callers(authenticator, guest);
    }

    @Bean
    BucketController bucketController(Callers callers, BucketStore buckets, AccountStore accounts, Clock clock) {
        return new BucketController(callers, buckets, accounts, clock);
    }

    @Bean
    EventController eventController(Callers callers, EventStore store) {
        return new EventController(callers, store);
    }

    @Bean
    LiveSocket liveSocket(Callers callers, JsonMapper json, EventBus bus) {
        return new LiveSocket(callers, json, bus);
    }

    @Bean
    WebSocketConfigurer liveEndpoint(LiveSocket socket) {
        return registry -> registry.addHandler(socket, "/api/v1/live").addInterceptors(socket);
    }
}
