package dev.measureme.core.account;

import java.time.Instant;
import java.util.Set;

/**
 * A stored API key. The secret itself is never stored: only its SHA-256, which is enough for a 256-bit random
 * secret (a slow password hash would only slow every request).
 *
 * @param id public identifier, safe to show
 * @param user the owner; every event ingested with this key belongs to this user
 * @param prefix the first characters of the secret, so a person can recognise it
 * @param hash hex SHA-256 of the secret
 * @param scopes what the key may do
 * @param source the default {@code source} of events sent with it
 * @param createdAt when it was made
 * @param revokedAt when it was revoked, or {@code null}
 * @param lastUsedAt when it last authenticated a request (to the minute), or {@code null}
 */
public record ApiKey(
        String id,
        String user,
        String prefix,
        String hash,
        Set<Scope> scopes,
        String source,
        Instant createdAt,
        Instant revokedAt,
        Instant lastUsedAt) {

    public ApiKey {
        scopes = Set.copyOf(scopes);
    }

    /** A key that has not been used yet. */
    public ApiKey(
            String id,
            String user,
            String prefix,
            String hash,
            Set<Scope> scopes,
            String source,
            Instant createdAt,
            Instant revokedAt) {
        this(id, user, prefix, hash, scopes, source, createdAt, revokedAt, null);
    }

    public boolean allows(Scope scope) {
        return revokedAt == null && scopes.contains(scope);
    }
}
