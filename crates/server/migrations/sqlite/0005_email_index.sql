-- E-mail addresses are looked up with `lower(email) = lower(?)`, which both databases
-- understand (PostgreSQL has no NOCASE collation); this index serves that lookup.
CREATE INDEX users_email_lower ON users (lower(email));
