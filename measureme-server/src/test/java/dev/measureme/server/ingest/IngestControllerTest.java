package dev.measureme.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.measureme.core.account.ApiKey;
import dev.measureme.core.account.ApiKeys;
import dev.measureme.core.account.Scope;
import dev.measureme.core.account.User;
import dev.measureme.core.event.EventParser;
import dev.measureme.core.event.IngestBatch;
import dev.measureme.core.event.RoutedBatch;
import dev.measureme.core.port.AccountStore;
import dev.measureme.core.port.BackendUnavailableException;
import dev.measureme.core.port.EventBus;
import dev.measureme.server.account.ApiKeyAuthentication;
import dev.measureme.server.account.ApiKeyAuthenticator;
import dev.measureme.server.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The answers of {@link IngestController} that the end-to-end tests cannot provoke from outside: a key
 * without the ingest scope, and a bus that cannot make events durable. The bus and the account store are
 * in-memory fakes of the core ports.
 */
class IngestControllerTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String EVENT = "{\"type\":\"pushups\",\"value\":20}";

    private final FakeAccounts accounts = new FakeAccounts();
    private final FakeBus bus = new FakeBus();
    private final IngestController controller = new IngestController(
            new EventParser(CLOCK),
            bus,
            new IngestProperties(Duration.ofMillis(200), Duration.ofSeconds(3), 100, 1_000),
            CLOCK);

    @Test
    void ingest_whenKeyLacksIngestScope_answers403AndPublishesNothing() {
        String secret = accounts.issue(Scope.READ);

        assertThatThrownBy(() -> controller.ingest(request(secret, EVENT)))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.getMessage()).contains("ingest scope"))
                .extracting("status")
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(bus.published).isEmpty();
    }

    @Test
    void ingest_whenTheKeysBurstIsSpent_answers429WithRetryAfterAndPublishesNothingMore() throws Exception {
        String secret = accounts.issue(Scope.INGEST);
        String thousand = "{\"events\":[" + String.join(",", java.util.Collections.nCopies(1_000, EVENT)) + "]}";

        assertThat(controller.ingest(request(secret, thousand)).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        ResponseEntity<?> over = controller.ingest(request(secret, EVENT));

        assertThat(over.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(over.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(bus.published).hasSize(1);
        String otherKey = accounts.issue(Scope.INGEST);
        assertThat(controller.ingest(request(otherKey, EVENT)).getStatusCode())
                .as("another key has its own bucket")
                .isEqualTo(HttpStatus.ACCEPTED);
    }

    @Test
    void ingest_whenBusRefuses_answers503WithRetryAfter() throws Exception {
        String secret = accounts.issue(Scope.INGEST);
        bus.outcome = () -> CompletableFuture.failedFuture(new BackendUnavailableException("ingest queue full"));

        ResponseEntity<?> answer = controller.ingest(request(secret, EVENT));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("3");
    }

    @Test
    void ingest_whenBusNeverConfirms_answers503AfterTheCommitTimeout() throws Exception {
        String secret = accounts.issue(Scope.INGEST);
        bus.outcome = CompletableFuture::new;

        ResponseEntity<?> answer = controller.ingest(request(secret, EVENT));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("3");
    }

    @Test
    void ingest_whenBusConfirms_answers202AndPublishesTheKeysUser() throws Exception {
        String secret = accounts.issue(Scope.INGEST);

        ResponseEntity<?> answer = controller.ingest(request(secret, EVENT));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(bus.published).singleElement().satisfies(batch -> {
            assertThat(batch.user()).isEqualTo("ann");
            assertThat(batch.events())
                    .singleElement()
                    .satisfies(e -> assertThat(e.source()).isEqualTo("watch"));
        });
    }

    @AfterEach
    void forgetTheCaller() {
        SecurityContextHolder.clearContext();
    }

    /** A request with the key, authenticated as the security filters do before ingest sees it. */
    private MockHttpServletRequest request(String secret, String json) {
        new ApiKeyAuthenticator(accounts)
                .authenticate("Bearer " + secret)
                .ifPresent(key -> SecurityContextHolder.getContext().setAuthentication(new ApiKeyAuthentication(key)));
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/events");
        request.addHeader("Authorization", "Bearer " + secret);
        request.setContentType("application/json");
        request.setContent(json.getBytes(StandardCharsets.UTF_8));
        return request;
    }

    private static final class FakeAccounts implements AccountStore {
        private final Map<String, ApiKey> keys = new HashMap<>();

        String issue(Scope scope) {
            ApiKeys.Issued issued = ApiKeys.issue("ann", Set.of(scope), "watch", NOW);
            keys.put(issued.key().hash(), issued.key());
            return issued.secret();
        }

        @Override
        public Optional<User> user(String name) {
            return Optional.empty();
        }

        @Override
        public List<User> users() {
            return List.of();
        }

        @Override
        public boolean createUser(User user) {
            return false;
        }

        @Override
        public Optional<ApiKey> keyByHash(String hash) {
            return Optional.ofNullable(keys.get(hash));
        }

        @Override
        public void addKey(ApiKey key) {
            keys.put(key.hash(), key);
        }

        @Override
        public boolean hasActiveKey(String user) {
            return !keys.isEmpty();
        }

        @Override
        public List<ApiKey> keys(String user) {
            return List.copyOf(keys.values());
        }

        @Override
        public boolean revokeKey(String user, String id, java.time.Instant at) {
            return false;
        }

        @Override
        public void keyUsed(String id, java.time.Instant at) {}

        @Override
        public Optional<String> passwordHash(String user) {
            return Optional.empty();
        }

        @Override
        public boolean setPasswordHash(String user, String encoded) {
            return false;
        }

        @Override
        public Optional<java.time.Instant> countLoginAttempt(
                String user, java.time.Instant now, int limit, java.time.Duration window) {
            return Optional.empty();
        }

        @Override
        public void clearLoginAttempts(String user) {}

        @Override
        public boolean deleteUser(String user) {
            return false;
        }
    }

    private static final class FakeBus implements EventBus {
        final List<IngestBatch> published = new ArrayList<>();
        java.util.function.Supplier<CompletionStage<Void>> outcome = () -> CompletableFuture.completedFuture(null);

        @Override
        public int partitions() {
            return 1;
        }

        @Override
        public CompletionStage<Void> publishIngest(IngestBatch batch) {
            published.add(batch);
            return outcome.get();
        }

        @Override
        public void consumeIngest(MessageHandler<IngestBatch> handler) {}

        @Override
        public CompletionStage<Void> publishWork(int partition, RoutedBatch batch) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void consumeWork(WorkHandler handler) {}

        @Override
        public void publishLive(List<dev.measureme.core.event.Event> events) {}

        @Override
        public void consumeLive(Consumer<List<dev.measureme.core.event.Event>> listener) {}
    }
}
