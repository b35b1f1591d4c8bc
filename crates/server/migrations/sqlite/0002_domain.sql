-- The whole rule book of PRODUCT.md sections 1 to 3 and the admin settings.

-- Company settings of the Conversations tool (one row per company; defaults when missing).
CREATE TABLE company_settings (
    company_id         INTEGER PRIMARY KEY REFERENCES companies (id),
    -- Who may use Conversations: every directory user, or internal employees only.
    audience           TEXT NOT NULL DEFAULT 'all' CHECK (audience IN ('all', 'internal')),
    -- 1: every current and future project; 0: only projects with conversations_selected.
    all_projects       INTEGER NOT NULL DEFAULT 1,
    direct_messages    TEXT NOT NULL DEFAULT 'everyone'
                       CHECK (direct_messages IN ('everyone', 'internal', 'off')),
    item_conversations INTEGER NOT NULL DEFAULT 1,
    edit_delete        INTEGER NOT NULL DEFAULT 1,
    group_managers     TEXT NOT NULL DEFAULT 'admins'
                       CHECK (group_managers IN ('admins', 'internal', 'everyone'))
);
ALTER TABLE projects ADD COLUMN conversations_selected INTEGER NOT NULL DEFAULT 0;

-- The host product's identifiers, for the integration API's upserts.
ALTER TABLE companies ADD COLUMN integration_token_hash BLOB;
ALTER TABLE company_members ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX company_members_external_id ON company_members (company_id, external_id)
    WHERE external_id IS NOT NULL;
ALTER TABLE projects ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX projects_external_id ON projects (company_id, external_id)
    WHERE external_id IS NOT NULL;
ALTER TABLE items ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX items_external_id ON items (project_id, external_id)
    WHERE external_id IS NOT NULL;

CREATE TABLE distribution_groups (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects (id),
    external_id TEXT,
    name        TEXT NOT NULL
);
CREATE UNIQUE INDEX distribution_groups_external_id ON distribution_groups (project_id, external_id)
    WHERE external_id IS NOT NULL;
CREATE TABLE distribution_group_members (
    group_id INTEGER NOT NULL REFERENCES distribution_groups (id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (group_id, user_id)
);

-- Per-user permission on a tool of a project (items are read with 'read_only' or more).
CREATE TABLE item_tool_permissions (
    project_id INTEGER NOT NULL REFERENCES projects (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    tool       TEXT NOT NULL,
    level      TEXT NOT NULL CHECK (level IN ('none', 'read_only', 'standard', 'admin')),
    PRIMARY KEY (project_id, user_id, tool)
);
-- Who may see a private item (besides the tool permission).
CREATE TABLE item_access (
    item_id INTEGER NOT NULL REFERENCES items (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (item_id, user_id)
);

-- Item conversations: one per item. Groups: may follow the whole Directory.
ALTER TABLE conversations ADD COLUMN item_id INTEGER REFERENCES items (id);
CREATE UNIQUE INDEX conversations_item ON conversations (item_id) WHERE item_id IS NOT NULL;
ALTER TABLE conversations ADD COLUMN everyone_in_directory INTEGER NOT NULL DEFAULT 0;
CREATE INDEX conversations_project ON conversations (project_id);

-- People notified of every message of an item conversation.
CREATE TABLE conversation_followers (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id),
    user_id         INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (conversation_id, user_id)
);

-- Each reader's own state of a conversation. Readers of company, confidential and item
-- conversations need not be participants, so this is kept apart from participation.
CREATE TABLE conversation_states (
    conversation_id      INTEGER NOT NULL REFERENCES conversations (id),
    user_id              INTEGER NOT NULL REFERENCES users (id),
    last_read_message_id INTEGER NOT NULL DEFAULT 0,
    starred              INTEGER NOT NULL DEFAULT 0,
    hidden               INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (conversation_id, user_id)
);
INSERT INTO conversation_states (conversation_id, user_id, last_read_message_id)
    SELECT conversation_id, user_id, last_read_message_id FROM conversation_participants;
ALTER TABLE conversation_participants DROP COLUMN last_read_message_id;

-- Threads (one level), edits and deletions (history kept, never served), mentions.
ALTER TABLE messages ADD COLUMN parent_id INTEGER REFERENCES messages (id);
ALTER TABLE messages ADD COLUMN edited_at INTEGER;
ALTER TABLE messages ADD COLUMN deleted_at INTEGER;
ALTER TABLE messages ADD COLUMN deleted_by INTEGER REFERENCES users (id);
CREATE INDEX messages_parent ON messages (parent_id) WHERE parent_id IS NOT NULL;
CREATE TABLE message_revisions (
    message_id  INTEGER NOT NULL REFERENCES messages (id),
    revision    INTEGER NOT NULL,
    body        TEXT NOT NULL,
    replaced_at INTEGER NOT NULL,
    PRIMARY KEY (message_id, revision)
);
CREATE TABLE message_mentions (
    message_id INTEGER NOT NULL REFERENCES messages (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (message_id, user_id)
);
CREATE INDEX message_mentions_user ON message_mentions (user_id);

-- Who did what that an admin may have to answer for (exports).
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies (id),
    actor_id   INTEGER NOT NULL REFERENCES users (id),
    action     TEXT NOT NULL,
    detail     TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

-- Full-text search over messages' plain text (deleted messages are removed from it).
CREATE VIRTUAL TABLE messages_fts USING fts5 (
    body_text, content = 'messages', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO messages_fts (rowid, body_text) SELECT id, body_text FROM messages;
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, body_text) VALUES (new.id, new.body_text);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF body_text ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body_text) VALUES ('delete', old.id, old.body_text);
    INSERT INTO messages_fts (rowid, body_text) VALUES (new.id, new.body_text);
END;
