-- "+ Créer" is retry-safe: the idempotency key of a conversation's first message is kept on
-- the conversation, unique per creator, so that two retries of the same request (even on two
-- server instances) create one conversation.
ALTER TABLE conversations ADD COLUMN started_with_key TEXT;
CREATE UNIQUE INDEX conversations_started_with ON conversations (created_by, started_with_key)
    WHERE started_with_key IS NOT NULL;
