-- The host origins whose pages may frame the item-sidebar widget (a JSON array of origins,
-- as browsers write them: `https://tool.example.com`), and the audit log read a page at a
-- time, filtered by action.
ALTER TABLE company_settings ADD COLUMN widget_origins TEXT NOT NULL DEFAULT '[]';
CREATE INDEX audit_log_by_company ON audit_log (company_id, id);
CREATE INDEX audit_log_by_action ON audit_log (company_id, action, id);
