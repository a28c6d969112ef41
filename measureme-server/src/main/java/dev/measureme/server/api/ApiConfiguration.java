package dev.measureme.server.api;

import dev.measureme.core.insight.InsightReader;
import dev.measureme.core.port.AccountStore;
import dev.measureme.core.port.BucketCache;
import dev.measureme.core.port.BucketStore;
import dev.measureme.core.port.EventBus;
import dev.measureme.core.port.EventStore;
import dev.measureme.core.port.GoalStore;
import dev.measureme.core.port.QueueGauge;
import dev.measureme.server.account.GuestAccount;
import dev.measureme.server.account.SecurityProperties;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.SessionRepository;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import tools.jackson.databind.json.JsonMapper;

/** The api role: sessions and accounts, API keys, REST queries, insights and goals, the live WebSocket and the pages (static files). */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
@EnableConfigurationProperties(SignupProperties.class)
public class ApiConfiguration {

    @Bean
    Callers callers() {
        return new Callers();
    }

    @Bean
    AccountController accountController(
            Callers callers,
            AccountStore accounts,
            GuestAccount guest,
            SignupProperties signup,
            PasswordEncoder passwords,
            EventStore events,
            ObjectProvider<BucketCache> cache,
            FindByIndexNameSessionRepository<?> sessions,
            Clock clock,
            SecurityProperties security) {
        return new AccountController(
                callers, accounts, guest, signup, passwords, events, cache, sessions, clock, security);
    }

    @Bean
    ExportController exportController(
            Callers callers,
            AccountStore accounts,
            EventStore events,
            BucketStore buckets,
            GoalStore goals,
            JsonMapper json) {
        return new ExportController(callers, accounts, events, buckets, goals, json);
    }

    @Bean
    KeyController keyController(Callers callers, AccountStore accounts, Clock clock) {
        return new KeyController(callers, accounts, clock);
    }

    @Bean
    BucketController bucketController(Callers callers, BucketStore buckets, AccountStore accounts, Clock clock) {
        return new BucketController(callers, buckets, accounts, clock);
    }

    @Bean
    InsightReader insightReader(BucketStore buckets, Clock clock) {
        return new InsightReader(buckets, clock);
    }

    @Bean
    InsightController insightController(Callers callers, InsightReader insights, AccountStore accounts) {
        return new InsightController(callers, insights, accounts);
    }

    @Bean
    GoalController goalController(
            Callers callers, GoalStore goals, InsightReader insights, AccountStore accounts, Clock clock) {
        return new GoalController(callers, goals, insights, accounts, clock);
    }

    @Bean
    EventController eventController(Callers callers, EventStore store) {
        return new EventController(callers, store);
    }

    @Bean
    PipelineController pipelineController(Callers callers, QueueGauge gauge, Clock clock) {
        return new PipelineController(callers, gauge, clock);
    }

    @Bean
    LiveSocket liveSocket(
            Callers callers, JsonMapper json, EventBus bus, SessionRepository<?> sessions, AccountStore accounts) {
        return new LiveSocket(callers, json, bus, sessions, accounts);
    }

    /** Browsers may open the socket from the page's own origin, and from the configured ones only. */
    @Bean
    WebSocketConfigurer liveEndpoint(LiveSocket socket, SecurityProperties security) {
        return registry -> registry.addHandler(socket, "/api/v1/live")
                .addInterceptors(socket)
                .setAllowedOrigins(security.allowedOrigins().toArray(String[]::new));
    }

    /**
     * The login page, served at {@code /login}, and the icon at {@code /favicon.ico}, which browsers ask for on
     * any page that names none (a JSON answer opened in a tab): without it, their consoles log a 404.
     */
    @Bean
    WebMvcConfigurer loginPage() {
        return new WebMvcConfigurer() {
            @Override
            public void addViewControllers(ViewControllerRegistry registry) {
                registry.addViewController("/login").setViewName("forward:/login.html");
                registry.addViewController("/favicon.ico").setViewName("forward:/favicon.svg");
            }
        };
    }
}
