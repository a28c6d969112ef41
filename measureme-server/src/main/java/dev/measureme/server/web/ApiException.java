package dev.measureme.server.web;

import org.springframework.http.HttpStatus;

/** A client's mistake, answered with {@code status} and an {@link ErrorBody} naming the field. */
public final class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String field;
    private final Long retryAfterSeconds;

    public ApiException(HttpStatus status, String field, String reason) {
        this(status, field, reason, null);
    }

    /** A refusal to come back later: 429 or 503, answered with {@code Retry-After}. */
    public ApiException(HttpStatus status, String field, String reason, Long retryAfterSeconds) {
        super(reason, null, false, false);
        this.status = status;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    HttpStatus status() {
        return status;
    }

    String field() {
        return field;
    }
}
