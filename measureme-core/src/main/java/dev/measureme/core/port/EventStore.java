package dev.measureme.core.port;

import dev.measureme.core.bucket.Bucket;
import dev.measureme.core.bucket.BucketKey;
import dev.measureme.core.event.Event;
import dev.measureme.core.event.EventPage;
import dev.measureme.core.event.EventQuery;
import dev.measureme.core.event.RoutedBatch;
import dev.measureme.core.event.Warning;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;

/** The system of record for events, their aggregates and ingestion warnings. */
public interface EventStore {

    /**
     * Stores the events of {@code batches} that are new by (user, id), adds exactly their deltas to the
     * aggregates, and keeps the batches' warnings, all in one transaction. Storing the same batches again
     * changes nothing.
     *
     * @return the events that were new, in the order given
     */
    List<Event> store(List<RoutedBatch> batches);

    /**
     * The current absolute values of the given buckets, as committed; keys without a row are left out. The
     * worker reads these after each commit to refresh a derived copy (Redis) with versioned values.
     */
    List<Bucket> buckets(Collection<BucketKey> keys);

    EventPage events(EventQuery query);

    /** The user's most recent warnings, newest first. */
    List<Warning> warnings(String user, int limit);

    /**
     * Removes every event, aggregate and warning of the user, in one transaction, and remembers the deletion:
     * events of the user received up to {@code at} that are stored later (still in the pipeline when the
     * account went) are dropped, while events of a new account of the same name, received later, are kept.
     */
    void deleteUser(String user, Instant at);

    /**
     * Moves the user to {@code zone}: records it, and re-derives the user's day and month aggregates from the
     * events in the new zone, in one transaction, at versions above any the user's aggregates had. Hour
     * aggregates are UTC and stay. Events stored afterwards are bucketed in the new zone.
     */
    void changeZone(String user, ZoneId zone);
}
