package dev.measureme.core.event;

/**
 * Why a whole request was refused before any event in it was looked at.
 *
 * @param kind decides the HTTP status
 * @param field the request-level field at fault, e.g. {@code body}, {@code events} or {@code sent_at}
 * @param reason what is wrong
 * @param line 1-based line of a syntax error, or 0 when not applicable
 * @param column 1-based column of a syntax error, or 0 when not applicable
 */
public record RequestProblem(Kind kind, String field, String reason, int line, int column) {

    /** What class of problem this is. */
    public enum Kind {
        /** Not parseable, or not of the documented shape: 400. */
        MALFORMED,
        /** More than a request may carry: 413. */
        TOO_LARGE
    }

    static RequestProblem malformed(String field, String reason) {
        return new RequestProblem(Kind.MALFORMED, field, reason, 0, 0);
    }

    static RequestProblem tooLarge(String field, String reason) {
        return new RequestProblem(Kind.TOO_LARGE, field, reason, 0, 0);
    }
}
