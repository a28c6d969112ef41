package dev.measureme.server.account;

import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * How passwords are stored: Argon2id with the OWASP-recommended parameters, set here explicitly because Spring
 * Security's preset is weaker. A hash made with smaller parameters still matches, and {@link
 * Argon2PasswordEncoder#upgradeEncoding} tells Spring Security to re-hash it at the next successful login.
 */
public final class Passwords {

    /** Memory cost in KiB (OWASP: m = 19 MiB). */
    public static final int MEMORY_KIB = 19_456;

    /** Passes over the memory (OWASP: t = 2). */
    public static final int ITERATIONS = 2;

    /** Lanes (OWASP: p = 1). */
    public static final int PARALLELISM = 1;

    /** Random salt per password, in bytes. */
    private static final int SALT_BYTES = 16;

    /** Length of the derived hash, in bytes. */
    private static final int HASH_BYTES = 32;

    /** Fewest characters of a new password (ASVS 2.1.1). */
    public static final int MIN_LENGTH = 12;

    /** Most characters of a password (ASVS 2.1.2 asks that at least 64 be allowed). */
    public static final int MAX_LENGTH = 128;

    /** Random bytes in a password made for a person ({@link #generate}): 120 bits. */
    private static final int GENERATED_BYTES = 15;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {}

    /** A random password of 20 URL-safe characters, for an operator to hand over. */
    public static String generate() {
        byte[] random = new byte[GENERATED_BYTES];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    public static PasswordEncoder encoder() {
        return new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, PARALLELISM, MEMORY_KIB, ITERATIONS);
    }

    /** Why a new password is not acceptable, or {@code null} if it is. */
    public static String problem(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "must be at least " + MIN_LENGTH + " characters";
        }
        if (password.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters";
        }
        return null;
    }
}
