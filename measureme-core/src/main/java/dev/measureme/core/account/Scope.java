package dev.measureme.core.account;

/** What an API key may do. */
public enum Scope {
    /** {@code POST /api/v1/events}. */
    INGEST,
    /** {@code GET} on the API. */
    READ
}
