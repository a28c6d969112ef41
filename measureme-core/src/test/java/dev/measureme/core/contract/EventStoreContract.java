package dev.measureme.core.contract;

import static dev.measureme.core.contract.ContractEvents.T0;
import static dev.measureme.core.contract.ContractEvents.aWarning;
import static dev.measureme.core.contract.ContractEvents.anEvent;
import static dev.measureme.core.contract.ContractEvents.batchOf;
import static dev.measureme.core.contract.ContractEvents.routed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.measureme.core.bucket.Aggregate;
import dev.measureme.core.bucket.Bucket;
import dev.measureme.core.bucket.BucketKey;
import dev.measureme.core.bucket.Bucketing;
import dev.measureme.core.bucket.Granularity;
import dev.measureme.core.event.Event;
import dev.measureme.core.event.EventCursor;
import dev.measureme.core.event.EventPage;
import dev.measureme.core.event.EventQuery;
import dev.measureme.core.event.RoutedBatch;
import dev.measureme.core.event.Warning;
import dev.measureme.core.port.BucketStore;
import dev.measureme.core.port.EventStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventStore} adapter must do (DESIGN.md §4–§6), written once and run against each adapter.
 *
 * <p>A subclass supplies a fresh, empty store per test, and a {@link BucketStore} that serves the aggregates
 * that store keeps. If the bucket store is a derived copy (such as Redis), {@link #buckets()} must return it
 * brought up to date with every committed {@link EventStore#store} call. The contract uses the ports only.
 */
public abstract class EventStoreContract {

    private static final String ANN = "ann";
    private static final String BOB = "bob";
    private static final ZoneId KATHMANDU = ZoneId.of("Asia/Kathmandu");
    private static final Instant EPOCH_2000 = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant YEAR_2100 = Instant.parse("2100-01-01T00:00:00Z");

    /** The store under test: fresh and empty for every test, the same instance within one test. */
    protected abstract EventStore store();

    /** Serves the aggregates of {@link #store()}. */
    protected abstract BucketStore buckets();

    // ---- store: exactly-once -------------------------------------------------------------------------

    @Test
    void store_whenNoBatches_returnsNothing() {
        assertThat(store().store(List.of())).isEmpty();
    }

    @Test
    void store_whenBatchIsNew_returnsEveryEventInOrder() {
        Event first = anEvent(ANN, "e1").at(T0).build();
        Event second = anEvent(ANN, "e2").at(T0.minusSeconds(60)).build();
        Event third = anEvent(ANN, "e3")
                .ofType("water.glasses")
                .at(T0.plusSeconds(60))
                .build();

        List<Event> fresh = store().store(List.of(routed(ANN, first, second, third)));

        assertThat(fresh).containsExactly(first, second, third);
    }

    @Test
    void store_whenBatchStoredTwice_returnsNoEventsAndChangesNoBucket() {
        List<RoutedBatch> batches = List.of(routed(
                ANN,
                KATHMANDU,
                anEvent(ANN, "e1").value(20).lasting(Duration.ofMinutes(90)).build(),
                anEvent(ANN, "e2").value(5).at(T0.plusSeconds(600)).build(),
                anEvent(ANN, "e3").ofType("study.minutes").value(45).build()));
        store().store(batches);
        Map<Granularity, List<Bucket>> before = allBuckets(ANN);

        List<Event> again = store().store(batches);

        assertThat(again).isEmpty();
        assertThat(allBuckets(ANN)).isEqualTo(before);
        assertThat(store().events(everything(ANN)).events()).hasSize(3);
    }

    @Test
    void store_whenBatchStoredTwice_countsEachEventOnce() {
        RoutedBatch batch = routed(
                ANN,
                anEvent(ANN, "e1").value(20).build(),
                anEvent(ANN, "e2").value(30).at(T0.plusSeconds(60)).build());

        store().store(List.of(batch));
        long version = single(ANN, Granularity.HOUR).version();
        store().store(List.of(batch));

        Bucket hour = single(ANN, Granularity.HOUR);
        assertThat(hour.aggregate()).isEqualTo(new Aggregate(2, 50, 20, 30, 0));
        assertThat(hour.version()).isEqualTo(version);
    }

    @Test
    void store_whenBatchPartlyStoredBefore_returnsAndCountsOnlyTheNewEvents() {
        Event old = anEvent(ANN, "e1").value(20).build();
        Event fresh = anEvent(ANN, "e2").value(30).at(T0.plusSeconds(60)).build();
        store().store(List.of(routed(ANN, old)));

        List<Event> stored = store().store(List.of(routed(ANN, old, fresh)));

        assertThat(stored).containsExactly(fresh);
        assertThat(single(ANN, Granularity.HOUR).aggregate()).isEqualTo(new Aggregate(2, 50, 20, 30, 0));
    }

    @Test
    void store_whenSameIdTwiceInOneBatch_countsItOnce() {
        Event event = anEvent(ANN, "e1").value(20).build();

        List<Event> fresh = store().store(List.of(routed(ANN, event, event)));

        assertThat(fresh).containsExactly(event);
        assertThat(single(ANN, Granularity.HOUR).aggregate().count()).isEqualTo(1);
        assertThat(single(ANN, Granularity.DAY).aggregate().count()).isEqualTo(1);
        assertThat(single(ANN, Granularity.MONTH).aggregate().count()).isEqualTo(1);
    }

    @Test
    void store_whenSameIdInTwoBatchesOfOneCall_countsItOnce() {
        Event event = anEvent(ANN, "e1").value(20).build();

        List<Event> fresh = store().store(List.of(routed(ANN, event), routed(ANN, event)));

        assertThat(fresh).containsExactly(event);
        assertThat(single(ANN, Granularity.HOUR).aggregate()).isEqualTo(new Aggregate(1, 20, 20, 20, 0));
        assertThat(store().events(everything(ANN)).events()).containsExactly(event);
    }

    @Test
    void store_whenTwoUsersUseTheSameId_keepsTheirEventsAndBucketsApart() {
        Event ann = anEvent(ANN, "e1").value(20).build();
        Event bob = anEvent(BOB, "e1").value(7).build();

        List<Event> fresh = store().store(List.of(routed(ANN, ann), routed(BOB, bob)));

        assertThat(fresh).containsExactly(ann, bob);
        assertThat(store().events(everything(ANN)).events()).containsExactly(ann);
        assertThat(store().events(everything(BOB)).events()).containsExactly(bob);
        for (Granularity granularity : Granularity.values()) {
            assertThat(single(ANN, granularity).aggregate()).isEqualTo(new Aggregate(1, 20, 20, 20, 0));
            assertThat(single(BOB, granularity).aggregate()).isEqualTo(new Aggregate(1, 7, 7, 7, 0));
            assertThat(single(ANN, granularity).key().user()).isEqualTo(ANN);
        }
    }

    // ---- store: buckets and time ---------------------------------------------------------------------

    @Test
    void store_whenZoneHasQuarterHourOffset_cutsHoursInUtcAndDaysAndMonthsInTheZone() {
        // Kathmandu is UTC+05:45: 18:00Z is 23:45 on Dec 2 there, 18:30Z is 00:15 on Dec 3.
        Event lateEvening = anEvent(ANN, "e1")
                .value(3)
                .at(Instant.parse("2026-12-02T18:00:00Z"))
                .build();
        Event afterMidnight = anEvent(ANN, "e2")
                .value(4)
                .at(Instant.parse("2026-12-02T18:30:00Z"))
                .build();

        store().store(List.of(routed(ANN, KATHMANDU, lateEvening, afterMidnight)));

        Instant hourStart = Instant.parse("2026-12-02T18:00:00Z");
        assertThat(bucketsOf(ANN, Granularity.HOUR)).singleElement().satisfies(hour -> {
            assertThat(hour.key())
                    .isEqualTo(new BucketKey(
                            ANN,
                            Granularity.HOUR,
                            Long.toString(hourStart.toEpochMilli()),
                            "pushups",
                            hourStart,
                            Instant.parse("2026-12-02T19:00:00Z")));
            assertThat(hour.aggregate()).isEqualTo(new Aggregate(2, 7, 3, 4, 0));
        });
        assertThat(bucketsOf(ANN, Granularity.DAY))
                .extracting(Bucket::key, Bucket::aggregate)
                .containsExactly(
                        tuple(
                                new BucketKey(
                                        ANN,
                                        Granularity.DAY,
                                        "2026-12-02",
                                        "pushups",
                                        Instant.parse("2026-12-01T18:15:00Z"),
                                        Instant.parse("2026-12-02T18:15:00Z")),
                                new Aggregate(1, 3, 3, 3, 0)),
                        tuple(
                                new BucketKey(
                                        ANN,
                                        Granularity.DAY,
                                        "2026-12-03",
                                        "pushups",
                                        Instant.parse("2026-12-02T18:15:00Z"),
                                        Instant.parse("2026-12-03T18:15:00Z")),
                                new Aggregate(1, 4, 4, 4, 0)));
        assertThat(bucketsOf(ANN, Granularity.MONTH)).singleElement().satisfies(month -> {
            assertThat(month.key())
                    .isEqualTo(new BucketKey(
                            ANN,
                            Granularity.MONTH,
                            "2026-12",
                            "pushups",
                            Instant.parse("2026-11-30T18:15:00Z"),
                            Instant.parse("2026-12-31T18:15:00Z")));
            assertThat(month.aggregate()).isEqualTo(new Aggregate(2, 7, 3, 4, 0));
        });
    }

    @Test
    void store_whenPeriodKeysGiven_matchGranularityPeriod() {
        Event event =
                anEvent(ANN, "e1").at(Instant.parse("2026-07-31T19:00:00Z")).build();

        store().store(List.of(routed(ANN, KATHMANDU, event)));

        for (Granularity granularity : Granularity.values()) {
            BucketKey key = single(ANN, granularity).key();
            ZoneId zone = granularity.zoneFor(KATHMANDU);
            assertThat(key.period()).isEqualTo(granularity.period(key.start(), zone));
            assertThat(key.start()).isEqualTo(granularity.start(event.timestamp(), zone));
            assertThat(key.end()).isEqualTo(granularity.next(key.start(), zone));
        }
        assertThat(single(ANN, Granularity.DAY).key().period()).isEqualTo("2026-08-01");
        assertThat(single(ANN, Granularity.MONTH).key().period()).isEqualTo("2026-08");
    }

    @Test
    void store_whenDurationSpansHours_sharesItOutSummingToTheEventsDuration() {
        // 20:30Z + 1h45m: 30 min in the 20:00 hour, 60 in the 21:00 hour, 15 in the 22:00 hour.
        Event event = anEvent(ANN, "e1")
                .value(20)
                .at(T0)
                .lasting(Duration.ofMinutes(105))
                .build();

        store().store(List.of(routed(ANN, event)));

        List<Bucket> hours = bucketsOf(ANN, Granularity.HOUR);
        assertThat(hours)
                .extracting(b -> b.key().start())
                .containsExactly(
                        Instant.parse("2026-12-02T20:00:00Z"),
                        Instant.parse("2026-12-02T21:00:00Z"),
                        Instant.parse("2026-12-02T22:00:00Z"));
        assertThat(hours)
                .extracting(b -> b.aggregate().durationMs())
                .containsExactly(minutes(30), minutes(60), minutes(15));
        assertThat(hours.stream().mapToLong(b -> b.aggregate().durationMs()).sum())
                .isEqualTo(event.durationMs());
        assertThat(hours.getFirst().aggregate()).isEqualTo(new Aggregate(1, 20, 20, 20, minutes(30)));
        assertThat(single(ANN, Granularity.DAY).aggregate()).isEqualTo(new Aggregate(1, 20, 20, 20, minutes(105)));
        assertThat(single(ANN, Granularity.MONTH).aggregate()).isEqualTo(new Aggregate(1, 20, 20, 20, minutes(105)));
    }

    @Test
    void store_whenBucketHoldsOnlyDurationShares_hasNoCountAndNaNMinMax() {
        Event event = anEvent(ANN, "e1")
                .value(20)
                .at(T0)
                .lasting(Duration.ofMinutes(105))
                .build();

        store().store(List.of(routed(ANN, event)));

        List<Bucket> later = bucketsOf(ANN, Granularity.HOUR).subList(1, 3);
        assertThat(later).allSatisfy(bucket -> {
            assertThat(bucket.aggregate().count()).isZero();
            assertThat(bucket.aggregate().sum()).isZero();
            assertThat(bucket.aggregate().min()).isNaN();
            assertThat(bucket.aggregate().max()).isNaN();
        });
    }

    @Test
    void store_whenDurationShareMeetsValuesInABucket_keepsTheirMinAndMax() {
        // A starts at 21:10 with value 7; B starts at 20:30 and lasts an hour, 30 min of it in the 21:00 hour.
        Instant nine = Instant.parse("2026-12-02T21:00:00Z");
        Event ownValueAnn = anEvent(ANN, "a").value(7).at(nine.plusSeconds(600)).build();
        Event spanningAnn =
                anEvent(ANN, "b").value(3).at(T0).lasting(Duration.ofHours(1)).build();
        Event ownValueBob = anEvent(BOB, "a").value(7).at(nine.plusSeconds(600)).build();
        Event spanningBob =
                anEvent(BOB, "b").value(3).at(T0).lasting(Duration.ofHours(1)).build();

        store().store(List.of(routed(ANN, ownValueAnn)));
        store().store(List.of(routed(ANN, spanningAnn)));
        store().store(List.of(routed(BOB, spanningBob)));
        store().store(List.of(routed(BOB, ownValueBob)));

        Aggregate expected = new Aggregate(1, 7, 7, 7, minutes(30));
        assertThat(hourStartingAt(ANN, nine).aggregate()).isEqualTo(expected);
        assertThat(hourStartingAt(BOB, nine).aggregate()).isEqualTo(expected);
    }

    @Test
    void store_whenLaterBatchAddsToABucket_mergesTotalsAndBumpsVersionByOne() {
        store().store(List.of(routed(ANN, anEvent(ANN, "e1").value(5).build())));
        long firstVersion = single(ANN, Granularity.HOUR).version();

        store().store(List.of(routed(
                ANN,
                anEvent(ANN, "e2").value(2).at(T0.plusSeconds(60)).build(),
                anEvent(ANN, "e3").value(9).at(T0.plusSeconds(120)).build())));

        Bucket hour = single(ANN, Granularity.HOUR);
        assertThat(hour.aggregate()).isEqualTo(new Aggregate(3, 16, 2, 9, 0));
        assertThat(hour.version()).isEqualTo(firstVersion + 1);
    }

    @Test
    void store_whenTypesDiffer_keepsOneBucketPerType() {
        store().store(List.of(routed(
                ANN,
                anEvent(ANN, "e1").ofType("pushups").value(20).build(),
                anEvent(ANN, "e2").ofType("water.glasses").value(2).build())));

        assertThat(bucketsOf(ANN, Granularity.HOUR))
                .extracting(b -> b.key().type())
                .containsExactlyInAnyOrder("pushups", "water.glasses");
        assertThat(buckets().buckets(ANN, Granularity.HOUR, EPOCH_2000, YEAR_2100, "water.glasses"))
                .singleElement()
                .satisfies(b -> assertThat(b.aggregate()).isEqualTo(new Aggregate(1, 2, 2, 2, 0)));
    }

    @Test
    void buckets_byKey_returnsTheCommittedAbsoluteValuesOfExactlyThoseKeys() {
        store().store(List.of(routed(
                ANN,
                anEvent(ANN, "e1").value(5).build(),
                anEvent(ANN, "e2").ofType("water.glasses").value(2).build())));
        store().store(List.of(
                routed(ANN, anEvent(ANN, "e3").value(4).at(T0.plusSeconds(5)).build())));
        store().store(List.of(routed(BOB, anEvent(BOB, "b1").value(1).build())));
        List<Bucket> annsPushups = new ArrayList<>();
        for (Granularity granularity : Granularity.values()) {
            annsPushups.addAll(buckets().buckets(ANN, granularity, EPOCH_2000, YEAR_2100, "pushups"));
        }
        List<BucketKey> keys =
                new ArrayList<>(annsPushups.stream().map(Bucket::key).toList());
        BucketKey absent = new BucketKey(ANN, Granularity.HOUR, "0", "pushups", EPOCH_2000, EPOCH_2000);
        keys.add(absent);

        List<Bucket> found = store().buckets(keys);

        assertThat(found).containsExactlyInAnyOrderElementsOf(annsPushups);
        assertThat(found).allSatisfy(b -> {
            assertThat(b.aggregate().count()).isEqualTo(2);
            assertThat(b.aggregate().sum()).isEqualTo(9);
            assertThat(b.version()).isEqualTo(2);
        });
    }

    @Test
    void buckets_byKey_whenManyKeys_returnsEveryOne() {
        List<Event> events = IntStream.range(0, 700)
                .mapToObj(i ->
                        anEvent(ANN, "e" + i).at(T0.minus(Duration.ofHours(i))).build())
                .toList();
        store().store(List.of(routed(ANN, events.toArray(Event[]::new))));
        List<Bucket> hours = buckets().buckets(ANN, Granularity.HOUR, EPOCH_2000, YEAR_2100, null);

        assertThat(store().buckets(hours.stream().map(Bucket::key).toList()))
                .hasSize(700)
                .containsExactlyInAnyOrderElementsOf(hours);
    }

    // ---- events --------------------------------------------------------------------------------------

    @Test
    void events_whenSeveralStored_returnsNewestFirst() {
        Event oldest = anEvent(ANN, "e1").at(T0.minusSeconds(120)).build();
        Event newest = anEvent(ANN, "e2").at(T0.plusSeconds(120)).build();
        Event middle = anEvent(ANN, "e3").at(T0).build();
        store().store(List.of(routed(ANN, oldest, newest, middle)));

        EventPage page = store().events(everything(ANN));

        assertThat(page.events()).containsExactly(newest, middle, oldest);
        assertThat(page.next()).isNull();
    }

    @Test
    void events_whenTypeGiven_returnsOnlyThatType() {
        Event pushups = anEvent(ANN, "e1").ofType("pushups").build();
        Event water =
                anEvent(ANN, "e2").ofType("water.glasses").at(T0.plusSeconds(1)).build();
        store().store(List.of(routed(ANN, pushups, water)));

        EventPage page = store().events(new EventQuery(ANN, EPOCH_2000, YEAR_2100, "water.glasses", null, 100));

        assertThat(page.events()).containsExactly(water);
    }

    @Test
    void events_whenRangeGiven_includesFromAndExcludesTo() {
        Event before = anEvent(ANN, "before").at(T0.minusSeconds(3600)).build();
        Event atFrom = anEvent(ANN, "from").at(T0).build();
        Event inside = anEvent(ANN, "inside").at(T0.plusSeconds(3600)).build();
        Event atTo = anEvent(ANN, "to").at(T0.plusSeconds(7200)).build();
        store().store(List.of(routed(ANN, before, atFrom, inside, atTo)));

        EventPage page = store().events(new EventQuery(ANN, T0, T0.plusSeconds(7200), null, null, 100));

        assertThat(page.events()).containsExactly(inside, atFrom);
    }

    @Test
    void events_whenPagedByCursor_returnsEachEventOnceNewestFirstThenNoCursor() {
        // 25 events, three to a timestamp, so that pages break inside runs of equal timestamps.
        List<Event> events = IntStream.range(0, 25)
                .mapToObj(i -> anEvent(ANN, "ev-%02d".formatted(i))
                        .at(T0.plusSeconds(60L * (i / 3)))
                        .build())
                .toList();
        store().store(List.of(new RoutedBatch(batchOf(ANN, events), ZoneOffset.UTC)));

        List<Event> seen = new ArrayList<>();
        List<EventCursor> cursors = new ArrayList<>();
        EventCursor after = null;
        int pages = 0;
        do {
            EventPage page = store().events(new EventQuery(ANN, EPOCH_2000, YEAR_2100, null, after, 10));
            seen.addAll(page.events());
            after = page.next();
            cursors.add(after);
            pages++;
        } while (after != null && pages < 10);

        List<Event> expected = events.stream()
                .sorted(Comparator.comparing(Event::timestamp)
                        .thenComparing(Event::id)
                        .reversed())
                .toList();
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(3);
        assertThat(cursors.getLast()).isNull();
        assertThat(cursors.subList(0, 2)).doesNotContainNull();
    }

    @Test
    void events_whenCursorSurvivesEncoding_continuesWhereThePageEnded() {
        List<Event> events = IntStream.range(0, 5)
                .mapToObj(i -> anEvent(ANN, "ev-%02d".formatted(i)).at(T0).build())
                .toList();
        store().store(List.of(new RoutedBatch(batchOf(ANN, events), ZoneOffset.UTC)));

        EventPage first = store().events(new EventQuery(ANN, EPOCH_2000, YEAR_2100, null, null, 2));
        EventCursor decoded = EventCursor.decode(first.next().encode()).orElseThrow();
        EventPage second = store().events(new EventQuery(ANN, EPOCH_2000, YEAR_2100, null, decoded, 2));

        assertThat(first.events()).extracting(Event::id).containsExactly("ev-04", "ev-03");
        assertThat(second.events()).extracting(Event::id).containsExactly("ev-02", "ev-01");
    }

    @Test
    void events_whenExactlyLimitRemain_returnsThemWithoutCursor() {
        List<Event> events = IntStream.range(0, 10)
                .mapToObj(i -> anEvent(ANN, "ev-%02d".formatted(i))
                        .at(T0.plusSeconds(i))
                        .build())
                .toList();
        store().store(List.of(new RoutedBatch(batchOf(ANN, events), ZoneOffset.UTC)));

        EventPage page = store().events(new EventQuery(ANN, EPOCH_2000, YEAR_2100, null, null, 10));

        assertThat(page.events()).hasSize(10);
        assertThat(page.next()).isNull();
    }

    @Test
    void events_whenUserHasNone_returnsEmptyPage() {
        store().store(List.of(routed(BOB, anEvent(BOB, "e1").build())));

        EventPage page = store().events(everything(ANN));

        assertThat(page.events()).isEmpty();
        assertThat(page.next()).isNull();
    }

    @Test
    void events_whenEveryFieldSet_roundTripsTheEvent() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("mood", "good");
        attributes.put("reps", 12L);
        attributes.put("big", 9_000_000_000L);
        attributes.put("weight", 72.5);
        attributes.put("whole", 3.0);
        attributes.put("outdoor", true);
        attributes.put("indoor", false);
        Event full = new Event(
                ANN,
                "0190b6c2-7a4e-7c3d-9f00-0123456789ab",
                "run.km",
                5.25,
                "km",
                1_800_000,
                "fitness",
                Instant.parse("2026-12-02T20:30:15.123Z"),
                "watch",
                attributes,
                Instant.parse("2026-12-02T20:31:00.456Z"),
                true);
        Event bare = new Event(ANN, "bare", "pushups", 1, null, 0, null, T0, null, Map.of(), T0, false);

        store().store(List.of(routed(ANN, full, bare)));

        assertThat(store().events(everything(ANN)).events()).containsExactly(full, bare);
        assertThat(store().events(everything(ANN)).events().getFirst().attributes())
                .containsExactlyInAnyOrderEntriesOf(attributes);
    }

    // ---- warnings ------------------------------------------------------------------------------------

    @Test
    void warnings_whenKept_returnsThemNewestFirstWithTheirDetails() {
        Warning first = aWarning(ANN, T0, 0, "timestamp", "more than 24h in the future", "e1");
        Warning second = aWarning(ANN, T0.plusSeconds(10), 3, "attributes.mood", "must be a string", null);
        Warning third = aWarning(ANN, T0.plusSeconds(20), 1, "event", "not an object", "e9");
        store().store(List.of(new RoutedBatch(batchOf(ANN, List.of(), List.of(first)), ZoneOffset.UTC)));
        store().store(List.of(new RoutedBatch(batchOf(ANN, List.of(), List.of(second)), ZoneOffset.UTC)));
        store().store(List.of(new RoutedBatch(
                batchOf(ANN, List.of(anEvent(ANN, "ok").build()), List.of(third)), ZoneOffset.UTC)));

        assertThat(store().warnings(ANN, 10)).containsExactly(third, second, first);
        assertThat(store().warnings(ANN, 2)).containsExactly(third, second);
    }

    @Test
    void warnings_whenAnotherUsersKept_areNotShown() {
        Warning bobs = aWarning(BOB, T0, 0, "type", "is required", null);
        store().store(List.of(new RoutedBatch(batchOf(BOB, List.of(), List.of(bobs)), ZoneOffset.UTC)));

        assertThat(store().warnings(ANN, 10)).isEmpty();
        assertThat(store().warnings(BOB, 10)).containsExactly(bobs);
    }

    // ---- deleteUser ----------------------------------------------------------------------------------

    @Test
    void deleteUser_removesTheUsersEventsBucketsAndWarnings_andNothingOfOthers() {
        Event ann = anEvent(ANN, "e1").value(20).build();
        Event bob = anEvent(BOB, "e1").value(7).build();
        Warning annsWarning = aWarning(ANN, T0, 1, "type", "is required", null);
        store().store(List.of(
                new RoutedBatch(batchOf(ANN, List.of(ann), List.of(annsWarning)), ZoneOffset.UTC), routed(BOB, bob)));
        List<BucketKey> annsKeys = allBuckets(ANN).values().stream()
                .flatMap(List::stream)
                .map(Bucket::key)
                .toList();
        assertThat(annsKeys).hasSize(3);

        store().deleteUser(ANN, T0.plusSeconds(60));

        assertThat(store().events(everything(ANN)).events()).isEmpty();
        assertThat(store().warnings(ANN, 10)).isEmpty();
        assertThat(store().buckets(annsKeys)).isEmpty();
        assertThat(store().events(everything(BOB)).events()).containsExactly(bob);
        assertThat(single(BOB, Granularity.DAY).aggregate()).isEqualTo(new Aggregate(1, 7, 7, 7, 0));
        // Events of the deleted account still in the pipeline are dropped, whenever they were received: the
        // name has no account (the store's own tests make none). A new account is the account store's to make.
        Event straggler = anEvent(ANN, "e2").receivedAt(T0.plusSeconds(30)).build();
        Event late = anEvent(ANN, "e3").receivedAt(T0.plusSeconds(90)).build();
        assertThat(store().store(List.of(routed(ANN, straggler, late)))).isEmpty();
        assertThat(store().events(everything(ANN)).events()).isEmpty();
        assertThat(store().store(List.of(routed(BOB, anEvent(BOB, "e2").build()))))
                .hasSize(1);
    }

    // ---- changeZone ----------------------------------------------------------------------------------

    @Test
    void changeZone_rederivesDaysAndMonthsInTheNewZone_keepsHours_andRaisesVersions() {
        // 18:30 UTC on 31 January: still January in UTC, already 1 February in Kathmandu (UTC+5:45).
        Instant at = Instant.parse("2026-01-31T18:30:00Z");
        List<Event> events = List.of(
                anEvent(ANN, "e1").value(3).at(at).build(),
                anEvent(ANN, "e2").value(4).at(at.minusSeconds(7_200)).build());
        store().store(List.of(new RoutedBatch(batchOf(ANN, events, List.of()), ZoneOffset.UTC)));
        List<Bucket> hoursBefore = bucketsOf(ANN, Granularity.HOUR);
        long highest = allBuckets(ANN).values().stream()
                .flatMap(List::stream)
                .mapToLong(Bucket::version)
                .max()
                .orElseThrow();

        store().changeZone(ANN, KATHMANDU);

        Map<BucketKey, Aggregate> expected = Bucketing.deltas(events, KATHMANDU);
        for (Granularity granularity : List.of(Granularity.DAY, Granularity.MONTH)) {
            List<Bucket> now = bucketsOf(ANN, granularity);
            assertThat(now)
                    .as("%s buckets", granularity)
                    .extracting(Bucket::key)
                    .containsExactlyInAnyOrderElementsOf(expected.keySet().stream()
                            .filter(k -> k.granularity() == granularity)
                            .toList());
            assertThat(now).allSatisfy(b -> {
                assertThat(b.aggregate()).isEqualTo(expected.get(b.key()));
                assertThat(b.version()).isGreaterThan(highest);
            });
        }
        assertThat(bucketsOf(ANN, Granularity.MONTH))
                .extracting(b -> b.key().period())
                .containsExactlyInAnyOrder("2026-01", "2026-02");
        assertThat(bucketsOf(ANN, Granularity.HOUR)).isEqualTo(hoursBefore);
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private static EventQuery everything(String user) {
        return new EventQuery(user, EPOCH_2000, YEAR_2100, null, null, 1000);
    }

    private List<Bucket> bucketsOf(String user, Granularity granularity) {
        return buckets().buckets(user, granularity, EPOCH_2000, YEAR_2100, null);
    }

    private Map<Granularity, List<Bucket>> allBuckets(String user) {
        Map<Granularity, List<Bucket>> all = new LinkedHashMap<>();
        for (Granularity granularity : Granularity.values()) {
            all.put(granularity, bucketsOf(user, granularity));
        }
        return all;
    }

    private Bucket single(String user, Granularity granularity) {
        List<Bucket> found = bucketsOf(user, granularity);
        assertThat(found).as("%s buckets of %s", granularity, user).hasSize(1);
        return found.getFirst();
    }

    private Bucket hourStartingAt(String user, Instant start) {
        Set<Instant> starts = new HashSet<>();
        for (Bucket bucket : bucketsOf(user, Granularity.HOUR)) {
            starts.add(bucket.key().start());
            if (bucket.key().start().equals(start)) {
                return bucket;
            }
        }
        throw new AssertionError("no hour bucket of " + user + " starts at " + start + "; starts: " + starts);
    }

    private static long minutes(long minutes) {
        return Duration.ofMinutes(minutes).toMillis();
    }
}
