package dev.measureme.core.port;

/**
 * A backend (bus or store) cannot take work now, though it may later: full, down or timed out. Callers
 * answer 503 with {@code Retry-After}; the client's retry is safe because effects are deduplicated.
 */
public class BackendUnavailableException extends RuntimeException {

    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
