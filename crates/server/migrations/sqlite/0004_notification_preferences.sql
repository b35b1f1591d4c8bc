-- What each user wants to be notified of, per company (PRODUCT.md section 5). No row: every
-- new message.
CREATE TABLE notification_preferences (
    user_id          INTEGER NOT NULL REFERENCES users (id),
    company_id       INTEGER NOT NULL REFERENCES companies (id),
    everything       INTEGER NOT NULL,
    direct_messages  INTEGER NOT NULL,
    group_messages   INTEGER NOT NULL,
    item_messages    INTEGER NOT NULL,
    mentions         INTEGER NOT NULL,
    project_messages INTEGER NOT NULL,
    PRIMARY KEY (user_id, company_id)
) WITHOUT ROWID;
