package dev.measureme.server.api;

import dev.measureme.server.web.ApiException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.http.HttpStatus;

/** Reads {@code from} and {@code to} query parameters: ISO-8601 with offset, or epoch milliseconds. */
final class TimeParams {

    private TimeParams() {}

    static Instant parse(String name, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            if (value.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochMilli(Long.parseLong(value));
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException | NumberFormatException e) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST, name, "must be an ISO-8601 date-time with offset or epoch milliseconds");
        }
    }

    static void requireOrdered(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "from", "must be before to");
        }
    }
}
