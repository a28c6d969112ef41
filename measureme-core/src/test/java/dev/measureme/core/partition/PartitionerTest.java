package dev.measureme.core.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The user-to-partition map must never change between versions or JVMs: a change would move users between
 * workers mid-stream. The pinned values were computed with an independent implementation of 64-bit FNV-1a
 * plus the final mix.
 */
class PartitionerTest {

    @ParameterizedTest
    @CsvSource({
        "guest,   8, 7",
        "guest,  64, 23",
        "alice,   8, 5",
        "alice, 1000, 141",
        "bob,    16, 12",
        "user-42, 8, 2",
        "ünïcode, 64, 13",
    })
    void partition_forKnownUsers_isPinned(String user, int partitions, int expected) {
        assertThat(Partitioner.partition(user, partitions)).isEqualTo(expected);
    }

    @Test
    void partition_whenOnePartition_isAlwaysZero() {
        assertThat(Partitioner.partition("guest", 1)).isZero();
        assertThat(Partitioner.partition("", 1)).isZero();
    }

    @Test
    void partition_forManyUsers_staysWithinRange() {
        for (int partitions : new int[] {1, 2, 3, 8, 13, 64, 1000}) {
            IntStream.range(0, 2_000)
                    .mapToObj(i -> "user-" + i)
                    .forEach(user -> assertThat(Partitioner.partition(user, partitions))
                            .as("partition of %s among %d", user, partitions)
                            .isBetween(0, partitions - 1));
        }
    }

    @Test
    void partition_for50SimilarUsers_usesEveryOneOf8Partitions() {
        Map<Integer, Integer> usersPerPartition = new HashMap<>();
        IntStream.range(0, 50)
                .forEach(i -> usersPerPartition.merge(Partitioner.partition("user-" + i, 8), 1, Integer::sum));

        assertThat(usersPerPartition).containsOnlyKeys(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(usersPerPartition.values())
                .allSatisfy(users -> assertThat(users).isBetween(1, 12));
    }

    @Test
    void partition_calledTwice_givesTheSameAnswer() {
        assertThat(Partitioner.partition("alice", 8)).isEqualTo(Partitioner.partition("alice", 8));
    }
}
