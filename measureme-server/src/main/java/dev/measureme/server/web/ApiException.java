package dev.measureme.server.web;

import org.springframework.http.HttpStatus;

/** A client's mistake, answered with {@code status} and an {@link ErrorBody} naming the field. */
public final class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String field;

    public ApiException(HttpStatus status, String field, String reason) {
        super(reason, null, false, false);
        this.status = status;
        this.field = field;
    }

    HttpStatus status() {
        return status;
    }

    String field() {
        return field;
    }
}
