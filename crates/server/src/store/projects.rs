//! Projects and their Directory.

use parlons_api::{
    CompanyId, DirectoryMember, ItemId, ProjectId, ProjectSummary, ToolLevel, UserId,
};

use super::query::{query, query_as};
use super::users::id_list;
use super::{Store, Tx};

impl Store {
    /// The company's projects whose Directory includes `user`, or all of them when `all`.
    pub async fn projects_of(
        &self,
        company: CompanyId,
        user: UserId,
        all: bool,
    ) -> Result<Vec<ProjectSummary>, sqlx::Error> {
        let rows: Vec<(i64, String, Option<String>)> = query_as(
            "SELECT p.id, p.name, p.number FROM projects p
             WHERE p.company_id = ?
               AND (? OR EXISTS (SELECT 1 FROM project_members pm
                                 WHERE pm.project_id = p.id AND pm.user_id = ?))
             ORDER BY p.name",
        )
        .bind(company.0)
        .bind(all)
        .bind(user.0)
        .fetch_all(self.db())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, number)| ProjectSummary { id: ProjectId(id), name, number })
            .collect())
    }

    /// The project, if it belongs to the company.
    pub async fn project(
        &self,
        company: CompanyId,
        project: ProjectId,
    ) -> Result<Option<ProjectSummary>, sqlx::Error> {
        let row: Option<(i64, String, Option<String>)> =
            query_as("SELECT id, name, number FROM projects WHERE id = ? AND company_id = ?")
                .bind(project.0)
                .bind(company.0)
                .fetch_optional(self.db())
                .await?;
        Ok(row.map(|(id, name, number)| ProjectSummary { id: ProjectId(id), name, number }))
    }

    /// The project's Directory, by name.
    pub async fn directory(&self, project: ProjectId) -> Result<Vec<DirectoryMember>, sqlx::Error> {
        let rows: Vec<(i64, String, bool)> = query_as(
            "SELECT u.id, u.name, cm.is_external FROM project_members pm
             JOIN projects p ON p.id = pm.project_id
             JOIN users u ON u.id = pm.user_id
             JOIN company_members cm ON cm.company_id = p.company_id AND cm.user_id = u.id
             WHERE pm.project_id = ? ORDER BY u.name",
        )
        .bind(project.0)
        .fetch_all(self.db())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, is_external)| DirectoryMember { id: UserId(id), name, is_external })
            .collect())
    }

    /// Those of `users` who are in the project's Directory.
    pub async fn directory_members_among(
        &self,
        project: ProjectId,
        users: &[UserId],
    ) -> Result<Vec<UserId>, sqlx::Error> {
        let rows: Vec<(i64,)> = query_as(
            "SELECT user_id FROM project_members
             WHERE project_id = ? AND user_id IN (SELECT value FROM json_each(?))",
        )
        .bind(project.0)
        .bind(id_list(users.iter().map(|u| u.0)))
        .fetch_all(self.db())
        .await?;
        Ok(rows.into_iter().map(|(id,)| UserId(id)).collect())
    }
}

impl Tx {
    /// Sets a user's permission on a tool of a project.
    pub async fn set_tool_permission(
        &mut self,
        project: ProjectId,
        user: UserId,
        tool: &str,
        level: ToolLevel,
    ) -> Result<(), sqlx::Error> {
        query(
            "INSERT INTO item_tool_permissions (project_id, user_id, tool, level)
             VALUES (?, ?, ?, ?)
             ON CONFLICT (project_id, user_id, tool) DO UPDATE SET level = excluded.level",
        )
        .bind(project.0)
        .bind(user.0)
        .bind(tool)
        .bind(level.as_str())
        .execute(self.conn())
        .await
        .map(drop)?;
        Ok(())
    }

    /// Replaces a private item's access list.
    pub async fn set_item_access(
        &mut self,
        item: ItemId,
        users: &[UserId],
    ) -> Result<(), sqlx::Error> {
        query("DELETE FROM item_access WHERE item_id = ?")
            .bind(item.0)
            .execute(self.conn())
            .await
            .map(drop)?;
        self.link_users("item_access", "item_id", item.0, users).await?;
        Ok(())
    }
}
