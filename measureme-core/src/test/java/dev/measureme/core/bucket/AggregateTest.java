package dev.measureme.core.bucket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Merging bucket aggregates, including the {@code NaN} min and max of duration-only deltas. */
class AggregateTest {

    @Test
    void plus_whenBothHaveValues_addsCountSumDurationAndKeepsExtremes() {
        Aggregate merged = Aggregate.ofValue(5, 1_000).plus(Aggregate.ofValue(-2, 500));

        assertThat(merged).isEqualTo(new Aggregate(2, 3, -2, 5, 1_500));
    }

    @Test
    void plus_whenRightIsDurationOnly_keepsLeftMinAndMax() {
        Aggregate merged = Aggregate.ofValue(20, 0).plus(Aggregate.ofDurationOnly(600_000));

        assertThat(merged).isEqualTo(new Aggregate(1, 20, 20, 20, 600_000));
    }

    @Test
    void plus_whenLeftIsDurationOnly_takesRightMinAndMax() {
        Aggregate merged = Aggregate.ofDurationOnly(600_000).plus(Aggregate.ofValue(3, 10));

        assertThat(merged).isEqualTo(new Aggregate(1, 3, 3, 3, 600_010));
    }

    @Test
    void plus_whenBothDurationOnly_keepsMinAndMaxNaN() {
        Aggregate merged = Aggregate.ofDurationOnly(1_000).plus(Aggregate.ofDurationOnly(2_000));

        assertThat(merged.count()).isZero();
        assertThat(merged.sum()).isZero();
        assertThat(merged.min()).isNaN();
        assertThat(merged.max()).isNaN();
        assertThat(merged.durationMs()).isEqualTo(3_000);
    }

    @Test
    void plus_inAnyOrder_givesTheSameAggregate() {
        Aggregate a = Aggregate.ofValue(7, 100);
        Aggregate b = Aggregate.ofDurationOnly(200);
        Aggregate c = Aggregate.ofValue(-1, 0);

        Aggregate expected = new Aggregate(2, 6, -1, 7, 300);
        assertThat(a.plus(b).plus(c)).isEqualTo(expected);
        assertThat(c.plus(b.plus(a))).isEqualTo(expected);
        assertThat(b.plus(c).plus(a)).isEqualTo(expected);
    }
}
