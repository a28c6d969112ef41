package dev.measureme.core.contract;

import static dev.measureme.core.contract.ContractEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.measureme.core.bucket.Aggregate;
import dev.measureme.core.bucket.Bucket;
import dev.measureme.core.bucket.BucketKey;
import dev.measureme.core.bucket.Granularity;
import dev.measureme.core.port.BucketCache;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BucketCache} must do (DESIGN.md §5, §6), written once and run against each adapter: keep
 * the newest version of each bucket whatever the order of writes, answer only for users whose copy is
 * complete, serve ranges in time order, and forget a user on eviction.
 */
public abstract class BucketCacheContract {

    private static final String ANN = "ann";
    private static final String BOB = "bob";
    private static final Instant HOUR = T0.minusSeconds(30 * 60);

    /** The cache under test: fresh and empty for every test, the same instance within one test. */
    protected abstract BucketCache cache();

    @Test
    void cached_whenUserNeverBuilt_isEmptyEvenAfterPuts() {
        cache().put(List.of(hour(ANN, "pushups", HOUR, 1, 5, 1)));

        assertThat(cache().cached(ANN, Granularity.HOUR, HOUR, HOUR.plusSeconds(3600), null))
                .isEmpty();
    }

    @Test
    void cached_afterRebuild_returnsTheBucketsWithEveryField() {
        Bucket bucket = new Bucket(
                key(ANN, Granularity.HOUR, "pushups", HOUR, Duration.ofHours(1)),
                new Aggregate(3, 16.25, 2.5, 9, 1_800_000),
                4);

        cache().rebuild(ANN, List.of(bucket));

        assertThat(cache().cached(ANN, Granularity.HOUR, HOUR, HOUR.plusSeconds(3600), null))
                .hasValue(List.of(bucket));
    }

    @Test
    void cached_whenBucketHoldsOnlyDuration_keepsNaNMinAndMax() {
        Bucket durationOnly = new Bucket(
                key(ANN, Granularity.HOUR, "study.minutes", HOUR, Duration.ofHours(1)),
                Aggregate.ofDurationOnly(900_000),
                1);

        cache().rebuild(ANN, List.of(durationOnly));

        Bucket read = cache().cached(ANN, Granularity.HOUR, HOUR, HOUR.plusSeconds(3600), null)
                .orElseThrow()
                .getFirst();
        assertThat(read.aggregate().min()).isNaN();
        assertThat(read.aggregate().max()).isNaN();
        assertThat(read.aggregate().durationMs()).isEqualTo(900_000);
    }

    @Test
    void cached_whenBuiltWithNothing_isPresentAndEmpty() {
        cache().rebuild(ANN, List.of());

        assertThat(cache().cached(ANN, Granularity.DAY, HOUR, HOUR.plusSeconds(86_400), null))
                .hasValue(List.of());
    }

    @Test
    void put_whenOlderVersionArrivesLater_keepsTheNewer() {
        cache().rebuild(ANN, List.of());
        Bucket newer = hour(ANN, "pushups", HOUR, 3, 30, 3);
        Bucket older = hour(ANN, "pushups", HOUR, 2, 20, 2);

        cache().put(List.of(newer));
        cache().put(List.of(older));
        cache().put(List.of(newer));

        assertThat(cache().cached(ANN, Granularity.HOUR, HOUR, HOUR.plusSeconds(3600), "pushups"))
                .hasValue(List.of(newer));
    }

    @Test
    void put_whenTypesShareAnHour_keepsEachTypesOwnVersion() {
        cache().rebuild(ANN, List.of());
        Bucket pushups = hour(ANN, "pushups", HOUR, 5, 50, 7);
        Bucket water = hour(ANN, "water.glasses", HOUR, 1, 2, 1);

        cache().put(List.of(pushups, water));
        cache().put(List.of(hour(ANN, "water.glasses", HOUR, 2, 4, 2)));

        assertThat(cache().cached(ANN, Granularity.HOUR, HOUR, HOUR.plusSeconds(3600), null)
                        .orElseThrow())
                .extracting(b -> b.key().type(), b -> b.aggregate().count(), Bucket::version)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("pushups", 5L, 7L),
                        org.assertj.core.groups.Tuple.tuple("water.glasses", 2L, 2L));
    }

    @Test
    void cached_returnsOnlyBucketsStartingInTheRangeInTimeOrder() {
        Bucket h0 = hour(ANN, "pushups", HOUR, 1, 1, 1);
        Bucket h1 = hour(ANN, "pushups", HOUR.plusSeconds(3600), 1, 1, 1);
        Bucket h2 = hour(ANN, "pushups", HOUR.plusSeconds(7200), 1, 1, 1);
        cache().rebuild(ANN, List.of(h2, h0, h1));

        assertThat(cache().cached(ANN, Granularity.HOUR, HOUR.plusSeconds(3600), HOUR.plusSeconds(7200), null))
                .hasValue(List.of(h1));
        assertThat(cache().cached(ANN, Granularity.HOUR, HOUR, HOUR.plusSeconds(3 * 3600), null))
                .hasValue(List.of(h0, h1, h2));
    }

    @Test
    void cached_keepsGranularitiesAndUsersApart() {
        Bucket annHour = hour(ANN, "pushups", HOUR, 1, 1, 1);
        Instant dayStart = Instant.parse("2026-12-02T00:00:00Z");
        Bucket annDay = new Bucket(
                new BucketKey(ANN, Granularity.DAY, "2026-12-02", "pushups", dayStart, dayStart.plusSeconds(86_400)),
                new Aggregate(1, 1, 1, 1, 0),
                1);
        cache().rebuild(ANN, List.of(annHour, annDay));
        cache().rebuild(BOB, List.of(hour(BOB, "pushups", HOUR, 9, 9, 1)));

        assertThat(cache().cached(ANN, Granularity.DAY, dayStart, dayStart.plusSeconds(86_400), null))
                .hasValue(List.of(annDay));
        assertThat(cache().cached(ANN, Granularity.HOUR, HOUR, HOUR.plusSeconds(3600), null))
                .hasValue(List.of(annHour));
        assertThat(cache().cached(BOB, Granularity.HOUR, HOUR, HOUR.plusSeconds(3600), null)
                        .orElseThrow())
                .singleElement()
                .satisfies(b -> assertThat(b.aggregate().count()).isEqualTo(9));
    }

    @Test
    void evict_forgetsTheUserAndOnlyThatUser() {
        cache().rebuild(ANN, List.of(hour(ANN, "pushups", HOUR, 1, 1, 1)));
        cache().rebuild(BOB, List.of(hour(BOB, "pushups", HOUR, 2, 2, 1)));

        cache().evict(ANN);

        assertThat(cache().cached(ANN, Granularity.HOUR, HOUR, HOUR.plusSeconds(3600), null))
                .isEmpty();
        cache().rebuild(ANN, List.of());
        assertThat(cache().cached(ANN, Granularity.HOUR, HOUR, HOUR.plusSeconds(3600), null))
                .hasValue(List.of());
        assertThat(cache().cached(BOB, Granularity.HOUR, HOUR, HOUR.plusSeconds(3600), null)
                        .orElseThrow())
                .hasSize(1);
    }

    private static Bucket hour(String user, String type, Instant start, long count, double sum, long version) {
        return new Bucket(
                key(user, Granularity.HOUR, type, start, Duration.ofHours(1)),
                new Aggregate(count, sum, 1, sum, 0),
                version);
    }

    private static BucketKey key(String user, Granularity granularity, String type, Instant start, Duration length) {
        return new BucketKey(user, granularity, Long.toString(start.toEpochMilli()), type, start, start.plus(length));
    }
}
