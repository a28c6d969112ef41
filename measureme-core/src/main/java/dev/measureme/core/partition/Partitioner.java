package dev.measureme.core.partition;

import java.nio.charset.StandardCharsets;

/**
 * Maps a user to one of P work partitions with a stable hash, so that every process, in every version, on
 * every JVM, sends a user to the same partition. ({@link String#hashCode} is stable too, but clusters short
 * similar names; the 64-bit FNV-1a with a final mix spreads them.)
 */
public final class Partitioner {

    private Partitioner() {}

    public static int partition(String user, int partitions) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : user.getBytes(StandardCharsets.UTF_8)) {
            hash ^= (b & 0xff);
            hash *= 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        return (int) Math.floorMod(hash, (long) partitions);
    }
}
