package dev.measureme.core.port;

import dev.measureme.core.account.ApiKey;
import dev.measureme.core.account.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Users and their API keys. */
public interface AccountStore {

    Optional<User> user(String name);

    /** Every user, by name. */
    List<User> users();

    /**
     * Creates the user unless one of that name exists, or one of that name was deleted so recently that its
     * events may still be on their way; returns whether it was created.
     */
    boolean createUser(User user);

    Optional<ApiKey> keyByHash(String hash);

    void addKey(ApiKey key);

    /** Whether the user has any API key that is not revoked. */
    boolean hasActiveKey(String user);

    /** The user's keys, revoked ones included, newest first. */
    List<ApiKey> keys(String user);

    /** Revokes the user's key {@code id}; returns false if the user has no such key that is still active. */
    boolean revokeKey(String user, String id, Instant at);

    /** Records that key {@code id} authenticated a request at {@code at}. */
    void keyUsed(String id, Instant at);

    /** The user's encoded password, if the user has one (the guest has none). */
    Optional<String> passwordHash(String user);

    /** Sets the user's encoded password; returns false if there is no such user. */
    boolean setPasswordHash(String user, String encoded);

    /**
     * Counts a login attempt on the user's account before the password is checked, unless {@code limit}
     * attempts were counted in the window that is still open at {@code now}: then nothing is counted and the
     * answer is when the window closes. A user that does not exist has nothing to count. Atomic, so concurrent
     * attempts on any replica never get past the limit together.
     */
    Optional<Instant> countLoginAttempt(String user, Instant now, int limit, Duration window);

    /** Forgets the user's counted login attempts, after a successful login. */
    void clearLoginAttempts(String user);

    /** Removes the user and every key and goal of the user; returns false if there was no such user. */
    boolean deleteUser(String user);
}
