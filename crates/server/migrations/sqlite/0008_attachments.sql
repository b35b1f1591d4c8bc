-- Files attached to messages (issue 11). A row is born when an upload is created (tus
-- `POST`), fills as its bytes arrive (`received`), is complete when `received = size` and
-- `content_type` is set (sniffed from the bytes), and belongs to a message once sent with it
-- (`message_id`); until then it expires (`expires_at`) and is swept away.
CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    company_id   INTEGER NOT NULL REFERENCES companies (id),
    uploader_id  INTEGER NOT NULL REFERENCES users (id),
    name         TEXT NOT NULL,
    size         INTEGER NOT NULL,
    received     INTEGER NOT NULL DEFAULT 0,
    content_type TEXT,
    width        INTEGER,
    height       INTEGER,
    -- The media type of its preview, for images the server could make one of.
    preview_type TEXT,
    created_at   INTEGER NOT NULL,
    -- NULL once attached to a message.
    expires_at   INTEGER,
    message_id   INTEGER REFERENCES messages (id),
    position     INTEGER
);
CREATE INDEX attachments_message ON attachments (message_id, position) WHERE message_id IS NOT NULL;
CREATE INDEX attachments_expiry ON attachments (expires_at) WHERE expires_at IS NOT NULL;

-- The stored pieces of an upload, one per tus `PATCH` that stored bytes, in offset order.
CREATE TABLE attachment_parts (
    attachment_id INTEGER NOT NULL REFERENCES attachments (id) ON DELETE CASCADE,
    start_offset  INTEGER NOT NULL,
    length        INTEGER NOT NULL,
    object_key    TEXT NOT NULL,
    PRIMARY KEY (attachment_id, start_offset)
);
