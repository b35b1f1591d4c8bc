-- What SQLite's migration 0007 does: a number that every change to what the access rules
-- read moves on, by triggers, so the writer may keep conversations' readers in memory.
CREATE TABLE access_generation (
    id    BIGINT PRIMARY KEY CHECK (id = 1),
    value BIGINT NOT NULL
);
INSERT INTO access_generation (id, value) VALUES (1, 0);
CREATE FUNCTION parlons_access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE access_generation SET value = value + 1;
    RETURN NULL;
END
$$;
CREATE TRIGGER conversation_participants_access AFTER INSERT OR DELETE OR UPDATE ON conversation_participants
    FOR EACH STATEMENT EXECUTE FUNCTION parlons_access_changed();
CREATE TRIGGER company_members_access AFTER INSERT OR DELETE OR UPDATE ON company_members
    FOR EACH STATEMENT EXECUTE FUNCTION parlons_access_changed();
CREATE TRIGGER project_members_access AFTER INSERT OR DELETE OR UPDATE ON project_members
    FOR EACH STATEMENT EXECUTE FUNCTION parlons_access_changed();
CREATE TRIGGER company_settings_access AFTER INSERT OR DELETE OR UPDATE ON company_settings
    FOR EACH STATEMENT EXECUTE FUNCTION parlons_access_changed();
CREATE TRIGGER item_tool_permissions_access AFTER INSERT OR DELETE OR UPDATE ON item_tool_permissions
    FOR EACH STATEMENT EXECUTE FUNCTION parlons_access_changed();
CREATE TRIGGER item_access_access AFTER INSERT OR DELETE OR UPDATE ON item_access
    FOR EACH STATEMENT EXECUTE FUNCTION parlons_access_changed();
CREATE TRIGGER projects_access AFTER INSERT OR DELETE OR UPDATE OF company_id, conversations_selected ON projects
    FOR EACH STATEMENT EXECUTE FUNCTION parlons_access_changed();
CREATE TRIGGER items_access AFTER INSERT OR DELETE OR UPDATE OF project_id, tool, is_private ON items
    FOR EACH STATEMENT EXECUTE FUNCTION parlons_access_changed();
CREATE TRIGGER conversations_access AFTER INSERT OR DELETE OR UPDATE OF company_id, project_id, item_id, kind, everyone_in_directory ON conversations
    FOR EACH STATEMENT EXECUTE FUNCTION parlons_access_changed();
