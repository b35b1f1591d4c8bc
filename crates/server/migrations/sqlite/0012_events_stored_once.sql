-- Each event is stored once, however many users receive it: a message to a group of 2,000
-- wrote its JSON 2,000 times, each copy on its recipient's own page of the log (BENCHMARKS.md,
-- issue 10). A user's log now numbers the events they receive, by reference.
CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL REFERENCES companies (id),
    conversation_id INTEGER REFERENCES conversations (id),
    name            TEXT NOT NULL,
    payload         TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
-- The log's retention goes by age (store/events.rs, prune_events).
CREATE INDEX events_created ON events (created_at);

-- `event_id` is not declared a foreign key: on PostgreSQL the check locks the event's row for
-- each recipient, within each write's savepoint, which made a message to 50 people three times
-- slower (postgres/0006). Both databases keep the same schema; the store writes an event
-- before the rows that number it, and prunes it only once none does.
CREATE TABLE user_events_numbered (
    user_id  INTEGER NOT NULL REFERENCES users (id),
    seq      INTEGER NOT NULL,
    event_id INTEGER NOT NULL,
    PRIMARY KEY (user_id, seq)
) WITHOUT ROWID;

-- What the log holds: each row its own event.
INSERT INTO events (id, company_id, conversation_id, name, payload, created_at)
    SELECT ROW_NUMBER() OVER (ORDER BY user_id, seq), company_id, conversation_id, name, payload,
           created_at
    FROM user_events;
INSERT INTO user_events_numbered (user_id, seq, event_id)
    SELECT user_id, seq, ROW_NUMBER() OVER (ORDER BY user_id, seq) FROM user_events;

DROP TABLE user_events;
ALTER TABLE user_events_numbered RENAME TO user_events;
-- Which events some user still receives: those no one does are pruned.
CREATE INDEX user_events_event ON user_events (event_id);
