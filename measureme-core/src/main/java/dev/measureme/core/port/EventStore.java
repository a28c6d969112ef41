package dev.measureme.core.port;

import dev.measureme.core.bucket.Bucket;
import dev.measureme.core.bucket.BucketKey;
import dev.measureme.core.event.Event;
import dev.measureme.core.event.EventPage;
import dev.measureme.core.event.EventQuery;
import dev.measureme.core.event.RoutedBatch;
import dev.measureme.core.event.Warning;
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

    /** Removes every event, aggregate and warning of the user, in one transaction. */
    void deleteUser(String user);
}
