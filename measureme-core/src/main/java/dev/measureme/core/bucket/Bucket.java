package dev.measureme.core.bucket;

/**
 * An absolute bucket value, as served.
 *
 * @param key what the value is for
 * @param aggregate the totals
 * @param version grows by one with each committed change, so that a copy (Redis) can refuse a stale write
 */
public record Bucket(BucketKey key, Aggregate aggregate, long version) {}
