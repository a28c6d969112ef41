package dev.measureme.server.api;

import dev.measureme.core.account.User;
import dev.measureme.core.bucket.Aggregate;
import dev.measureme.core.bucket.Bucket;
import dev.measureme.core.bucket.Granularity;
import dev.measureme.core.port.AccountStore;
import dev.measureme.core.port.BucketStore;
import dev.measureme.server.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/buckets}: hour (UTC), day and month (the user's zone) buckets whose start is in {@code [from, to)}. */
@RestController
final class BucketController {

    private final Callers callers;
    private final BucketStore buckets;
    private final AccountStore accounts;
    private final Clock clock;

    BucketController(Callers callers, BucketStore buckets, AccountStore accounts, Clock clock) {
        this.callers = callers;
        this.buckets = buckets;
        this.accounts = accounts;
        this.clock = clock;
    }

    record BucketsAnswer(String granularity, String timezone, List<BucketView> buckets) {}

    /** Duration is in seconds, like the event contract; min and max are null where only duration fell in. */
    record BucketView(
            String period,
            Instant start,
            Instant end,
            String type,
            long count,
            double sum,
            Double min,
            Double max,
            double duration,
            long version) {

        static BucketView of(Bucket bucket) {
            Aggregate a = bucket.aggregate();
            return new BucketView(
                    bucket.key().period(),
                    bucket.key().start(),
                    bucket.key().end(),
                    bucket.key().type(),
                    a.count(),
                    a.sum(),
                    Double.isNaN(a.min()) ? null : a.min(),
                    Double.isNaN(a.max()) ? null : a.max(),
                    a.durationMs() / 1000.0,
                    bucket.version());
        }
    }

    @GetMapping("/api/v1/buckets")
    BucketsAnswer buckets(
            @RequestParam(defaultValue = "hour") String granularity,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String type) {
        String user = callers.user();
        Granularity g = granularity(granularity);
        TypeParam.check(type);
        Instant end = TimeParams.parse("to", to, clock.instant().plus(Duration.ofDays(1)));
        Instant start = TimeParams.parse("from", from, end.minus(defaultSpan(g)));
        TimeParams.requireOrdered(start, end);
        String zone = accounts.user(user).map(User::zone).orElse(ZoneOffset.UTC).getId();
        List<BucketView> views = buckets.buckets(user, g, start, end, type).stream()
                .map(BucketView::of)
                .toList();
        return new BucketsAnswer(g.wireName(), zone, views);
    }

    private static Granularity granularity(String name) {
        try {
            return Granularity.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "granularity", "must be hour, day or month");
        }
    }

    private static Duration defaultSpan(Granularity granularity) {
        return switch (granularity) {
            case HOUR -> Duration.ofDays(2);
            case DAY -> Duration.ofDays(62);
            case MONTH -> Duration.ofDays(2 * 366);
        };
    }
}
