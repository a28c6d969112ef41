package dev.measureme.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.measureme.core.account.ApiKey;
import dev.measureme.core.account.ApiKeys;
import dev.measureme.core.account.Scope;
import dev.measureme.core.port.AccountStore;
import dev.measureme.server.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/keys}: a person creates, lists and revokes the API keys of their own account. The secret is
 * in the answer to its creation only; afterwards only its prefix is shown, and only its hash is stored. A
 * revoked key is refused from the next request on, on every replica: keys are checked against the store on
 * every request.
 */
@RestController
final class KeyController {

    /** Source names: what events sent with the key are labelled with. */
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9 _.:-]{1,64}");

    /** Keys a user may hold at once, revoked ones not counted. */
    private static final int MAX_ACTIVE_KEYS = 50;

    private final Callers callers;
    private final AccountStore accounts;
    private final Clock clock;

    KeyController(Callers callers, AccountStore accounts, Clock clock) {
        this.callers = callers;
        this.accounts = accounts;
        this.clock = clock;
    }

    record KeyRequest(String source, List<String> scopes) {}

    record KeyView(
            String id,
            String prefix,
            String source,
            List<String> scopes,
            Instant createdAt,
            Instant lastUsedAt,
            Instant revokedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

        static KeyView of(ApiKey key, String secret) {
            return new KeyView(
                    key.id(),
                    key.prefix(),
                    key.source(),
                    key.scopes().stream()
                            .map(s -> s.name().toLowerCase(Locale.ROOT))
                            .sorted()
                            .toList(),
                    key.createdAt(),
                    key.lastUsedAt(),
                    key.revokedAt(),
                    secret);
        }
    }

    record KeysAnswer(List<KeyView> keys) {}

    @GetMapping("/api/v1/keys")
    KeysAnswer list() {
        return new KeysAnswer(accounts.keys(callers.user()).stream()
                .map(key -> KeyView.of(key, null))
                .toList());
    }

    @PostMapping("/api/v1/keys")
    ResponseEntity<KeyView> create(@RequestBody KeyRequest body) {
        String user = callers.user();
        if (body.source() == null || !SOURCE.matcher(body.source()).matches()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "source", "must be 1-64 characters of [A-Za-z0-9 _.:-]");
        }
        Set<Scope> scopes = scopes(body.scopes());
        long active =
                accounts.keys(user).stream().filter(k -> k.revokedAt() == null).count();
        if (active >= MAX_ACTIVE_KEYS) {
            throw new ApiException(HttpStatus.CONFLICT, "keys", "at most " + MAX_ACTIVE_KEYS + " active keys");
        }
        ApiKeys.Issued issued = ApiKeys.issue(user, scopes, body.source(), clock.instant());
        accounts.addKey(issued.key());
        return ResponseEntity.status(HttpStatus.CREATED).body(KeyView.of(issued.key(), issued.secret()));
    }

    @DeleteMapping("/api/v1/keys/{id}")
    ResponseEntity<Void> revoke(@PathVariable String id) {
        if (!accounts.revokeKey(callers.user(), id, clock.instant())) {
            throw new ApiException(HttpStatus.NOT_FOUND, "id", "no such active key");
        }
        return ResponseEntity.noContent().build();
    }

    private static Set<Scope> scopes(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "scopes", "name at least one of ingest, read");
        }
        EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String name : names) {
            try {
                scopes.add(Scope.valueOf(String.valueOf(name).toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "scopes", "must each be one of ingest, read");
            }
        }
        return scopes;
    }
}
