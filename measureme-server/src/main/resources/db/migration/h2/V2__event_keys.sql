-- Identity of events, apart from the events themselves: PostgreSQL partitions events by month, and a
-- partitioned table's primary key must include the partition key, so (user, id) is made unique here. H2
-- keeps the same table so that both databases share one store code path.
CREATE TABLE event_keys (
    user_name  VARCHAR(64)  NOT NULL,
    event_id   VARCHAR(64)  NOT NULL,
    PRIMARY KEY (user_name, event_id)
);
INSERT INTO event_keys (user_name, event_id) SELECT user_name, event_id FROM events;
