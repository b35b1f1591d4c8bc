-- See SQLite's 0009.
ALTER TABLE company_settings ADD COLUMN widget_origins TEXT NOT NULL DEFAULT '[]';
CREATE INDEX audit_log_by_company ON audit_log (company_id, id);
CREATE INDEX audit_log_by_action ON audit_log (company_id, action, id);
