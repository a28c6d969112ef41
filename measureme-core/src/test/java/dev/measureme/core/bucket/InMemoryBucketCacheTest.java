package dev.measureme.core.bucket;

import dev.measureme.core.contract.BucketCacheContract;
import dev.measureme.core.fixture.InMemoryBucketCache;
import dev.measureme.core.port.BucketCache;

/** Keeps the in-memory fake honest: it passes the same contract as the Redis adapter. */
class InMemoryBucketCacheTest extends BucketCacheContract {

    private final InMemoryBucketCache cache = new InMemoryBucketCache();

    @Override
    protected BucketCache cache() {
        return cache;
    }
}
