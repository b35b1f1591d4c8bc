-- A number that every change to what the access rules read moves on, by triggers (so that
-- no way of writing can forget it): the writer keeps the readers of each conversation in
-- memory and uses them only while this number is still the one it read them at
-- (store/access.rs). A send changes none of these (the conversation's last activity is not
-- an access fact).
CREATE TABLE access_generation (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
);
INSERT INTO access_generation (id, value) VALUES (1, 0);

CREATE TRIGGER conversation_participants_access_insert AFTER INSERT ON conversation_participants
    BEGIN UPDATE access_generation SET value = value + 1; END;
CREATE TRIGGER conversation_participants_access_delete AFTER DELETE ON conversation_participants
    BEGIN UPDATE access_generation SET value = value + 1; END;
CREATE TRIGGER conversation_participants_access_update AFTER UPDATE ON conversation_participants
    BEGIN UPDATE access_generation SET value = value + 1; END;
CREATE TRIGGER company_members_access_insert AFTER INSERT ON company_members
    BEGIN UPDATE access_generation SET value = value + 1; END;
CREATE TRIGGER company_members_access_delete AFTER DELETE ON company_members
    BEGIN UPDATE access_generation SET value = value + 1; END;
CREATE TRIGGER company_members_access_update AFTER UPDATE ON company_members
    BEGIN UPDATE access_generation SET value = value + 1; END;
CREATE TRIGGER project_members_access_insert AFTER INSERT ON project_members
    BEGIN UPDATE access_generation SET value = value + 1; END;
CREATE TRIGGER project_members_access_delete AFTER DELETE ON project_members
    BEGIN UPDATE access_generation SET value = value + 1; END;
CREATE TRIGGER project_members_access_update AFTER UPDATE ON project_members
    BEGIN UPDATE access_generation SET value = value + 1; END;
CREATE TRIGGER company_settings_access_insert AFTER INSERT ON company_settings
    BEGIN UPDATE access_generation SET value = value + 1; END;
CREATE TRIGGER company_settings_access_delete AFTER DELETE ON company_settings
    BEGIN UPDATE access_generation SET value = value + 1; END;
CREATE TRIGGER company_settings_access_update AFTER UPDATE ON company_settings
    BEGIN UPDATE access_generation SET value = value + 1; END;
CREATE TRIGGER item_tool_permissions_access_insert AFTER INSERT ON item_tool_permissions
    BEGIN UPDATE access_generation SET value = value + 1; END;
CREATE TRIGGER item_tool_permissions_access_delete AFTER DELETE ON item_tool_permissions
    BEGIN UPDATE access_generation SET value = value + 1; END;
CREATE TRIGGER item_tool_permissions_access_update AFTER UPDATE ON item_tool_permissions
    BEGIN UPDATE access_generation SET value = value + 1; END;
CREATE TRIGGER item_access_access_insert AFTER INSERT ON item_access
    BEGIN UPDATE access_generation SET value = value + 1; END;
CREATE TRIGGER item_access_access_delete AFTER DELETE ON item_access
    BEGIN UPDATE access_generation SET value = value + 1; END;
CREATE TRIGGER item_access_access_update AFTER UPDATE ON item_access
    BEGIN UPDATE access_generation SET value = value + 1; END;
CREATE TRIGGER projects_access_insert AFTER INSERT ON projects
    BEGIN UPDATE access_generation SET value = value + 1; END;
CREATE TRIGGER projects_access_delete AFTER DELETE ON projects
    BEGIN UPDATE access_generation SET value = value + 1; END;
CREATE TRIGGER projects_access_update AFTER UPDATE OF company_id, conversations_selected ON projects
    BEGIN UPDATE access_generation SET value = value + 1; END;
CREATE TRIGGER items_access_insert AFTER INSERT ON items
    BEGIN UPDATE access_generation SET value = value + 1; END;
CREATE TRIGGER items_access_delete AFTER DELETE ON items
    BEGIN UPDATE access_generation SET value = value + 1; END;
CREATE TRIGGER items_access_update AFTER UPDATE OF project_id, tool, is_private ON items
    BEGIN UPDATE access_generation SET value = value + 1; END;
CREATE TRIGGER conversations_access_insert AFTER INSERT ON conversations
    BEGIN UPDATE access_generation SET value = value + 1; END;
CREATE TRIGGER conversations_access_delete AFTER DELETE ON conversations
    BEGIN UPDATE access_generation SET value = value + 1; END;
CREATE TRIGGER conversations_access_update AFTER UPDATE OF company_id, project_id, item_id, kind, everyone_in_directory ON conversations
    BEGIN UPDATE access_generation SET value = value + 1; END;
