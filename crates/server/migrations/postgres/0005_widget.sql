-- See SQLite's 0010.
CREATE TABLE widget_tickets (
    token_hash BYTEA PRIMARY KEY,
    company_id BIGINT NOT NULL REFERENCES companies (id),
    user_id    BIGINT NOT NULL REFERENCES users (id),
    item_id    BIGINT NOT NULL REFERENCES items (id),
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
ALTER TABLE sessions ADD COLUMN item_id BIGINT REFERENCES items (id);
