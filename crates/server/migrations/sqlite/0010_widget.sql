-- The item-sidebar widget: single-use tickets the host product asks for, server to server,
-- for one user and one item; and sessions limited to that item's conversation.
CREATE TABLE widget_tickets (
    token_hash BLOB PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    item_id    INTEGER NOT NULL REFERENCES items (id),
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
ALTER TABLE sessions ADD COLUMN item_id INTEGER REFERENCES items (id);
