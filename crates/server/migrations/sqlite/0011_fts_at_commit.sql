-- New messages join the full-text index when their batch of writes commits, rather than in
-- each write: every write is a savepoint of its batch, and FTS5 writes its pending terms to
-- disk at every savepoint, so each send wrote index pages of its own (BENCHMARKS.md, issue
-- 10). The writer indexes what is pending just before it commits (store/sqlite.rs).
CREATE TABLE messages_fts_pending (id INTEGER PRIMARY KEY);

DROP TRIGGER messages_fts_insert;
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts_pending (id) VALUES (new.id);
END;

-- A message still pending is indexed with its text at the commit, whatever it became.
DROP TRIGGER messages_fts_update;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF body_text ON messages
WHEN NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE id = old.id) BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body_text) VALUES ('delete', old.id, old.body_text);
    INSERT INTO messages_fts (rowid, body_text) VALUES (new.id, new.body_text);
END;
