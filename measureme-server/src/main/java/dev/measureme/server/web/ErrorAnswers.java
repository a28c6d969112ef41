package dev.measureme.server.web;

import java.util.Collection;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.exc.MismatchedInputException;

/** Turns client mistakes into 4xx answers that name the field: never a 5xx for a client's error. */
@RestControllerAdvice
public class ErrorAnswers {

    /** How Jackson's read limit words a document over its length (StreamReadConstraints). */
    private static final String TOO_LONG = "Document length";

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ErrorBody> api(ApiException e) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.status());
        if (e.status() == HttpStatus.UNAUTHORIZED) {
            answer.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        if (e.retryAfterSeconds() != null) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        }
        return answer.body(ErrorBody.of(e.field(), e.getMessage()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ErrorBody> typeMismatch(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest().body(ErrorBody.of(e.getName(), "has an invalid value"));
    }

    /**
     * A body that is not JSON, has a field of the wrong kind, or breaks the read limits of {@link RequestLimits}:
     * a body too long is 413 even when it came without a length to refuse it by (chunked).
     */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof StreamConstraintsException
                && String.valueOf(cause.getMessage()).startsWith(TOO_LONG)) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .body(ErrorBody.of("body", RequestLimits.BODY_TOO_LARGE));
        }
        if (cause instanceof MismatchedInputException mismatch
                && mismatch.getTargetType() != null
                && !mismatch.getPath().isEmpty()) {
            return ResponseEntity.badRequest()
                    .body(ErrorBody.of(pathOf(mismatch), "must be " + kindOf(mismatch.getTargetType())));
        }
        String reason =
                cause instanceof JacksonException ? firstLine(cause.getMessage()) : "is missing or not valid JSON";
        return ResponseEntity.badRequest().body(ErrorBody.of("body", reason));
    }

    /** The field as the client wrote it: {@code scopes[1]}, {@code attributes.kind}. */
    private static String pathOf(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The JSON kind a Java type is read from, in the client's words rather than Java's. */
    private static String kindOf(Class<?> type) {
        if (type.isEnum()) {
            return "one of the allowed values";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorBody> mediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .body(ErrorBody.of("Content-Type", "must be application/json"));
    }

    private static String firstLine(String message) {
        String line = message == null
                ? "is not valid JSON"
                : message.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    /**
     * The store could not take the request now (a lock held too long by a zone change or a deletion, a
     * connection lost): the client may retry, and it is never told it made a mistake.
     */
    @ExceptionHandler(TransientDataAccessException.class)
    ResponseEntity<ErrorBody> busy(TransientDataAccessException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(ErrorBody.of("store", "busy; try again"));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ErrorBody> missing(MissingServletRequestParameterException e) {
        return ResponseEntity.badRequest().body(ErrorBody.of(e.getParameterName(), "is required"));
    }
}
