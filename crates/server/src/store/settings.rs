//! Company settings of the Conversations tool.

use parlons_api::{Audience, CompanyId, CompanySettings, DirectMessages, GroupManagers, ProjectId};

use super::query::{query, query_as};
use super::users::id_list;
use super::{Store, Tx};

impl Store {
    /// The company's settings (the defaults until an admin changes them).
    pub async fn company_settings(
        &self,
        company: CompanyId,
    ) -> Result<CompanySettings, sqlx::Error> {
        let row: Option<(String, bool, String, bool, bool, String, String)> = query_as(
            "SELECT audience, all_projects, direct_messages, item_conversations, edit_delete,
                    group_managers, widget_origins
             FROM company_settings WHERE company_id = ?",
        )
        .bind(company.0)
        .fetch_optional(self.lookup())
        .await?;
        let selected: Vec<(i64,)> = query_as(
            "SELECT id FROM projects WHERE company_id = ? AND conversations_selected ORDER BY id",
        )
        .bind(company.0)
        .fetch_all(self.lookup())
        .await?;
        let defaults = CompanySettings::default();
        let mut settings = match row {
            None => defaults,
            Some((audience, all_projects, direct, items, edit_delete, groups, origins)) => {
                CompanySettings {
                    audience: Audience::parse(&audience).unwrap_or(defaults.audience),
                    all_projects,
                    selected_projects: Vec::new(),
                    direct_messages: DirectMessages::parse(&direct)
                        .unwrap_or(defaults.direct_messages),
                    item_conversations: items,
                    edit_delete,
                    group_managers: GroupManagers::parse(&groups)
                        .unwrap_or(defaults.group_managers),
                    widget_origins: serde_json::from_str(&origins)
                        .map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
                }
            }
        };
        settings.selected_projects = selected.into_iter().map(|(id,)| ProjectId(id)).collect();
        Ok(settings)
    }

    /// Whether Conversations is on for the project under the company's settings.
    pub async fn project_enabled(&self, project: ProjectId) -> Result<bool, sqlx::Error> {
        let row: Option<(bool,)> = query_as(
            "SELECT COALESCE(s.all_projects, TRUE) OR p.conversations_selected
             FROM projects p LEFT JOIN company_settings s ON s.company_id = p.company_id
             WHERE p.id = ?",
        )
        .bind(project.0)
        .fetch_optional(self.db())
        .await?;
        Ok(row.is_some_and(|(enabled,)| enabled))
    }
}

impl Tx {
    /// Saves the company's settings; selected projects not of the company are ignored.
    pub async fn save_company_settings(
        &mut self,
        company: CompanyId,
        settings: &CompanySettings,
    ) -> Result<(), sqlx::Error> {
        let origins = serde_json::to_string(&settings.widget_origins)
            .map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        query(
            "INSERT INTO company_settings
               (company_id, audience, all_projects, direct_messages, item_conversations,
                edit_delete, group_managers, widget_origins)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (company_id) DO UPDATE SET
               audience = excluded.audience, all_projects = excluded.all_projects,
               direct_messages = excluded.direct_messages,
               item_conversations = excluded.item_conversations,
               edit_delete = excluded.edit_delete, group_managers = excluded.group_managers,
               widget_origins = excluded.widget_origins",
        )
        .bind(company.0)
        .bind(settings.audience.as_str())
        .bind(settings.all_projects)
        .bind(settings.direct_messages.as_str())
        .bind(settings.item_conversations)
        .bind(settings.edit_delete)
        .bind(settings.group_managers.as_str())
        .bind(&origins)
        .execute(self.conn())
        .await
        .map(drop)?;
        query(
            "UPDATE projects SET conversations_selected = id IN (SELECT value FROM json_each(?))
             WHERE company_id = ?",
        )
        .bind(id_list(settings.selected_projects.iter().map(|p| p.0)))
        .bind(company.0)
        .execute(self.conn())
        .await
        .map(drop)?;
        Ok(())
    }
}
