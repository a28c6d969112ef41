package dev.measureme.server.account;

import dev.measureme.core.account.ApiKey;
import dev.measureme.core.account.ApiKeys;
import dev.measureme.core.port.AccountStore;
import java.util.Optional;

/** Resolves an {@code Authorization: Bearer <key>} header to the stored key it names. */
public final class ApiKeyAuthenticator {

    private static final String BEARER = "Bearer ";

    /** Longer than any key we issue; a longer header is not worth hashing. */
    private static final int MAX_SECRET_LENGTH = 128;

    private final AccountStore accounts;

    public ApiKeyAuthenticator(AccountStore accounts) {
        this.accounts = accounts;
    }

    /** The key, if the header carries a known secret; revoked keys are returned and must be refused by scope. */
    public Optional<ApiKey> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String secret = authorization.substring(BEARER.length()).trim();
        if (!secret.startsWith(ApiKeys.SECRET_PREFIX) || secret.length() > MAX_SECRET_LENGTH) {
            return Optional.empty();
        }
        return accounts.keyByHash(ApiKeys.hash(secret)).filter(key -> key.revokedAt() == null);
    }

    /** Records that the key authenticated a request. */
    void used(ApiKey key, java.time.Instant at) {
        accounts.keyUsed(key.id(), at);
    }
}
