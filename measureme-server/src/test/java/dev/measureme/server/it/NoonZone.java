package dev.measureme.server.it;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A zone for tests against the jar, which reads the real clock: the whole-hour {@code Etc/GMT±n} zone in which it
 * is about noon when the test starts, so that the user's "today" cannot turn over mid-test (midnight is then at
 * least 11 hours away).
 */
final class NoonZone {

    private NoonZone() {}

    /** The zone with a whole-hour offset in which {@code now} is between 12:00 and 13:00. */
    static ZoneId at(Instant now) {
        int offsetHours = 12 - now.atZone(ZoneOffset.UTC).getHour(); // -11 to +12
        // POSIX-style names: Etc/GMT-5 is five hours ahead of UTC.
        return ZoneId.of(
                offsetHours == 0 ? "Etc/GMT" : "Etc/GMT" + (offsetHours > 0 ? "-" : "+") + Math.abs(offsetHours));
    }
}
