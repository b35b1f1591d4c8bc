-- The reference backend's schema. Times are milliseconds since the Unix epoch (UTC).

CREATE TABLE companies (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    email          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name           TEXT NOT NULL,
    -- NULL: the user cannot log in with a password (e.g. provisioned by the host product).
    password_hash  TEXT,
    -- The last sequence number given to one of this user's events (see user_events).
    last_event_seq INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE company_members (
    company_id  INTEGER NOT NULL REFERENCES companies (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    is_external INTEGER NOT NULL DEFAULT 0,
    is_admin    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (company_id, user_id)
);
CREATE INDEX company_members_user ON company_members (user_id);

CREATE TABLE projects (
    id         INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies (id),
    name       TEXT NOT NULL,
    number     TEXT
);
CREATE INDEX projects_company ON projects (company_id);

-- A project's Directory.
CREATE TABLE project_members (
    project_id       INTEGER NOT NULL REFERENCES projects (id),
    user_id          INTEGER NOT NULL REFERENCES users (id),
    is_project_admin INTEGER NOT NULL DEFAULT 0,
    is_favourite     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_members_user ON project_members (user_id);

-- Records of the host product's other tools (RFIs, submittals...).
CREATE TABLE items (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    tool       TEXT NOT NULL,
    number     TEXT NOT NULL,
    title      TEXT NOT NULL,
    is_private INTEGER NOT NULL DEFAULT 0
);

-- Only a hash of the session token is kept, so a leaked database opens no session.
CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    company_id INTEGER NOT NULL REFERENCES companies (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);

CREATE TABLE conversations (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id       INTEGER NOT NULL REFERENCES companies (id),
    project_id       INTEGER REFERENCES projects (id),
    kind             TEXT NOT NULL
                     CHECK (kind IN ('direct', 'group', 'item', 'company', 'confidential')),
    subject          TEXT,
    -- For direct conversations: the project and the sorted participant ids, so the same
    -- people in the same project get the same conversation back.
    direct_key       TEXT,
    created_by       INTEGER NOT NULL REFERENCES users (id),
    created_at       INTEGER NOT NULL,
    last_activity_at INTEGER NOT NULL,
    last_message_id  INTEGER
);
CREATE UNIQUE INDEX conversations_direct_key ON conversations (company_id, direct_key)
    WHERE direct_key IS NOT NULL;

CREATE TABLE conversation_participants (
    conversation_id      INTEGER NOT NULL REFERENCES conversations (id),
    user_id              INTEGER NOT NULL REFERENCES users (id),
    -- The newest message this participant has seen (0: none).
    last_read_message_id INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX conversation_participants_user ON conversation_participants (user_id);

CREATE TABLE messages (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id),
    author_id       INTEGER NOT NULL REFERENCES users (id),
    -- Chosen by the sending client; a second send with the same key returns this message.
    idempotency_key TEXT NOT NULL,
    -- The rich-text document, as JSON.
    body            TEXT NOT NULL,
    -- The document as plain text, for search and notifications.
    body_text       TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    UNIQUE (conversation_id, author_id, idempotency_key)
);
CREATE INDEX messages_conversation ON messages (conversation_id, id);

-- Every event each user is to receive, numbered per user, so a stream can resume after a
-- cut from the last event it delivered (Last-Event-ID).
CREATE TABLE user_events (
    user_id         INTEGER NOT NULL REFERENCES users (id),
    seq             INTEGER NOT NULL,
    company_id      INTEGER NOT NULL REFERENCES companies (id),
    conversation_id INTEGER REFERENCES conversations (id),
    name            TEXT NOT NULL,
    payload         TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (user_id, seq)
) WITHOUT ROWID;
