package dev.measureme.core.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/** Makes API keys and recognises them. */
public final class ApiKeys {

    /** Every secret starts with this, so that secret scanners and people recognise a MeasureMe key. */
    public static final String SECRET_PREFIX = "mm_";

    /** Random bytes in a secret: 256 bits. */
    private static final int SECRET_BYTES = 32;

    /** Characters of the secret kept in clear for display. */
    private static final int SHOWN_PREFIX_LENGTH = 10;

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {}

    /** A new key and its secret; the secret is shown once and then only its hash remains. */
    public record Issued(String secret, ApiKey key) {}

    public static Issued issue(String user, Set<Scope> scopes, String source, Instant now) {
        byte[] random = new byte[SECRET_BYTES];
        RANDOM.nextBytes(random);
        String secret = SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        byte[] idBytes = new byte[9];
        RANDOM.nextBytes(idBytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(idBytes);
        ApiKey key =
                new ApiKey(id, user, secret.substring(0, SHOWN_PREFIX_LENGTH), hash(secret), scopes, source, now, null);
        return new Issued(secret, key);
    }

    /** Whether an {@code Authorization} header value presents a bearer token. */
    public static boolean isBearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    /** Hex SHA-256 of a presented secret, for lookup. */
    public static String hash(String secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
