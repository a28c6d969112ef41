package dev.measureme.core.event;

/** The limits of the event contract (DESIGN.md §4). They are part of the public API: changing one is a breaking change. */
public final class EventLimits {

    /** Most events a single request may carry. */
    public static final int MAX_EVENTS_PER_REQUEST = 1_000;

    /** Most bytes of body a request may carry, after decompression. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    /** Most bytes of JSON one event may take. */
    public static final int MAX_EVENT_BYTES = 32 * 1024;

    /** Deepest JSON nesting accepted anywhere in a body. */
    public static final int MAX_NESTING_DEPTH = 32;

    /** Longest number literal accepted, in characters. */
    public static final int MAX_NUMBER_LENGTH = 100;

    /** Longest string literal accepted, in characters (64 KiB). */
    public static final int MAX_STRING_LENGTH = 64 * 1024;

    /** Longest {@code id}, {@code type}, {@code category} and {@code source}. */
    public static final int MAX_NAME_LENGTH = 64;

    /** Longest {@code unit}. */
    public static final int MAX_UNIT_LENGTH = 16;

    /** Most keys in {@code attributes}. */
    public static final int MAX_ATTRIBUTES = 20;

    /** Longest attribute key. */
    public static final int MAX_ATTRIBUTE_KEY_LENGTH = 64;

    /** Longest attribute string value. */
    public static final int MAX_ATTRIBUTE_VALUE_LENGTH = 256;

    /** Longest {@code duration}: seven days, in seconds. */
    public static final long MAX_DURATION_SECONDS = 7L * 24 * 3600;

    /** How far in the future a corrected timestamp may lie. */
    public static final java.time.Duration MAX_FUTURE = java.time.Duration.ofHours(24);

    /** The earliest timestamp accepted. */
    public static final java.time.Instant EARLIEST = java.time.Instant.parse("2000-01-01T00:00:00Z");

    private EventLimits() {}
}
