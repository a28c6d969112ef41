package dev.measureme.core.bucket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.measureme.core.fixture.InMemoryBucketCache;
import dev.measureme.core.port.BucketCache;
import dev.measureme.core.port.BucketStore;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadThroughBucketsTest {

    private static final Instant T = Instant.parse("2026-12-02T20:00:00Z");
    private static final Instant LATER = T.plusSeconds(7200);
    private static final Bucket STORED = new Bucket(
            new BucketKey("ann", Granularity.HOUR, Long.toString(T.toEpochMilli()), "pushups", T, T.plusSeconds(3600)),
            new Aggregate(2, 30, 10, 20, 0),
            2);

    private final AtomicInteger storeReads = new AtomicInteger();
    private final BucketStore store = (user, granularity, from, to, type) -> {
        storeReads.incrementAndGet();
        return granularity == Granularity.HOUR && user.equals("ann") ? List.of(STORED) : List.of();
    };
    private final InMemoryBucketCache cache = new InMemoryBucketCache();

    @Test
    void buckets_whenCacheIncomplete_answersFromStoreAndRebuildsTheUser() {
        ReadThroughBuckets buckets = new ReadThroughBuckets(cache, store);

        assertThat(buckets.buckets("ann", Granularity.HOUR, T, LATER, null)).containsExactly(STORED);

        assertThat(cache.cached("ann", Granularity.HOUR, T, LATER, null)).hasValue(List.of(STORED));
    }

    @Test
    void buckets_whenCacheComplete_doesNotReadTheStore() {
        ReadThroughBuckets buckets = new ReadThroughBuckets(cache, store);
        buckets.rebuild("ann");
        int readsForRebuild = storeReads.get();

        assertThat(buckets.buckets("ann", Granularity.HOUR, T, LATER, null)).containsExactly(STORED);

        assertThat(storeReads.get()).isEqualTo(readsForRebuild);
    }

    @Test
    void buckets_whenCacheFails_answersFromTheStore() {
        BucketCache broken = new BucketCache() {
            @Override
            public Optional<List<Bucket>> cached(String u, Granularity g, Instant f, Instant t, String type) {
                throw new IllegalStateException("connection refused");
            }

            @Override
            public void put(Collection<Bucket> b) {}

            @Override
            public void rebuild(String u, Collection<Bucket> all) {}

            @Override
            public void evict(String u) {}
        };

        assertThat(new ReadThroughBuckets(broken, store).buckets("ann", Granularity.HOUR, T, LATER, null))
                .containsExactly(STORED);
    }

    @Test
    void rebuild_writesEveryGranularityOfTheUserAndCountsThem() {
        assertThat(new ReadThroughBuckets(cache, store).rebuild("ann")).isEqualTo(1);
        assertThat(cache.cached("ann", Granularity.DAY, T, LATER, null)).hasValue(List.of());
    }
}
