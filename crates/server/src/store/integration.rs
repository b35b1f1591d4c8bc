//! What the host product's integration API writes: users, projects, Directories,
//! distribution groups, items and tool permissions, upserted by the host's own ids.

use parlons_api::{
    CompanyId, DistributionGroup, DistributionGroupId, ItemId, ProjectId, UpsertDirectoryMember,
    UserId,
};

use super::query::{query, query_as};
use super::{Store, Tx};

impl Store {
    /// The company whose integration token has this hash.
    pub async fn company_by_integration_token(
        &self,
        token_hash: &[u8],
    ) -> Result<Option<CompanyId>, sqlx::Error> {
        let row: Option<(i64,)> =
            query_as("SELECT id FROM companies WHERE integration_token_hash = ?")
                .bind(token_hash)
                .fetch_optional(self.db())
                .await?;
        Ok(row.map(|(id,)| CompanyId(id)))
    }

    /// The project's distribution groups, by name.
    pub async fn distribution_groups(
        &self,
        project: ProjectId,
    ) -> Result<Vec<DistributionGroup>, sqlx::Error> {
        let rows: Vec<(i64, String, Option<i64>)> = query_as(
            "SELECT g.id, g.name, m.user_id FROM distribution_groups g
             LEFT JOIN distribution_group_members m ON m.group_id = g.id
             WHERE g.project_id = ? ORDER BY g.name, g.id, m.user_id",
        )
        .bind(project.0)
        .fetch_all(self.db())
        .await?;
        let mut groups: Vec<DistributionGroup> = Vec::new();
        for (id, name, member) in rows {
            if groups.last().is_none_or(|g| g.id.0 != id) {
                groups.push(DistributionGroup {
                    id: DistributionGroupId(id),
                    name,
                    member_ids: Vec::new(),
                });
            }
            if let (Some(group), Some(member)) = (groups.last_mut(), member) {
                group.member_ids.push(UserId(member));
            }
        }
        Ok(groups)
    }
}

impl Tx {
    /// Sets the hash of the company's integration token (the old token stops working).
    pub async fn set_integration_token(
        &mut self,
        company: CompanyId,
        token_hash: &[u8],
    ) -> Result<(), sqlx::Error> {
        query("UPDATE companies SET integration_token_hash = ? WHERE id = ?")
            .bind(token_hash)
            .bind(company.0)
            .execute(self.conn())
            .await
            .map(drop)?;
        Ok(())
    }

    /// The company's member with this host id.
    pub async fn member_by_external_id(
        &mut self,
        company: CompanyId,
        external_id: &str,
    ) -> Result<Option<UserId>, sqlx::Error> {
        let row: Option<(i64,)> = query_as(
            "SELECT user_id FROM company_members WHERE company_id = ? AND external_id = ?",
        )
        .bind(company.0)
        .bind(external_id)
        .fetch_optional(self.conn())
        .await?;
        Ok(row.map(|(id,)| UserId(id)))
    }

    /// The company's members with these host ids, in the same order; `Err` names the first
    /// unknown one.
    pub async fn members_by_external_ids(
        &mut self,
        company: CompanyId,
        external_ids: &[String],
    ) -> Result<Result<Vec<UserId>, String>, sqlx::Error> {
        let mut users = Vec::with_capacity(external_ids.len());
        for external_id in external_ids {
            match self.member_by_external_id(company, external_id).await? {
                Some(user) => users.push(user),
                None => return Ok(Err(external_id.clone())),
            }
        }
        Ok(Ok(users))
    }

    /// The user with this e-mail address, whatever their companies.
    pub async fn user_by_email(&mut self, email: &str) -> Result<Option<UserId>, sqlx::Error> {
        let row: Option<(i64,)> = query_as("SELECT id FROM users WHERE lower(email) = lower(?)")
            .bind(email)
            .fetch_optional(self.conn())
            .await?;
        Ok(row.map(|(id,)| UserId(id)))
    }

    /// Updates a user's name, e-mail address and, if given, password hash.
    pub async fn update_user(
        &mut self,
        user: UserId,
        email: &str,
        name: &str,
        password_hash: Option<&str>,
    ) -> Result<(), sqlx::Error> {
        query(
            "UPDATE users
                 SET email = ?, name = ?, password_hash = COALESCE(?, password_hash)
                 WHERE id = ?",
        )
        .bind(email)
        .bind(name)
        .bind(password_hash)
        .bind(user.0)
        .execute(self.conn())
        .await
        .map(drop)?;
        Ok(())
    }

    /// Makes the user the company's member with this host id, external or not, admin or not.
    pub async fn upsert_company_member(
        &mut self,
        company: CompanyId,
        user: UserId,
        external_id: &str,
        is_external: bool,
        is_admin: bool,
    ) -> Result<(), sqlx::Error> {
        query(
            "INSERT INTO company_members (company_id, user_id, is_external, is_admin, external_id)
             VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (company_id, user_id) DO UPDATE SET
               is_external = excluded.is_external, is_admin = excluded.is_admin,
               external_id = excluded.external_id",
        )
        .bind(company.0)
        .bind(user.0)
        .bind(is_external)
        .bind(is_admin)
        .bind(external_id)
        .execute(self.conn())
        .await
        .map(drop)?;
        Ok(())
    }

    /// Removes the user from the company and from every Directory of its projects.
    pub async fn remove_company_member(
        &mut self,
        company: CompanyId,
        user: UserId,
    ) -> Result<(), sqlx::Error> {
        query(
            "DELETE FROM project_members
             WHERE user_id = ? AND project_id IN (SELECT id FROM projects WHERE company_id = ?)",
        )
        .bind(user.0)
        .bind(company.0)
        .execute(self.conn())
        .await
        .map(drop)?;
        query("DELETE FROM company_members WHERE company_id = ? AND user_id = ?")
            .bind(company.0)
            .bind(user.0)
            .execute(self.conn())
            .await
            .map(drop)?;
        Ok(())
    }

    /// Creates or renames the project with this host id.
    pub async fn upsert_project(
        &mut self,
        company: CompanyId,
        external_id: &str,
        name: &str,
        number: Option<&str>,
    ) -> Result<ProjectId, sqlx::Error> {
        let (id,): (i64,) = query_as(
            "INSERT INTO projects (company_id, external_id, name, number) VALUES (?, ?, ?, ?)
             ON CONFLICT (company_id, external_id) WHERE external_id IS NOT NULL
             DO UPDATE SET name = excluded.name, number = excluded.number
             RETURNING id",
        )
        .bind(company.0)
        .bind(external_id)
        .bind(name)
        .bind(number)
        .fetch_one(self.conn())
        .await?;
        Ok(ProjectId(id))
    }

    /// The company's project with this host id.
    pub async fn project_by_external_id(
        &mut self,
        company: CompanyId,
        external_id: &str,
    ) -> Result<Option<ProjectId>, sqlx::Error> {
        let row: Option<(i64,)> =
            query_as("SELECT id FROM projects WHERE company_id = ? AND external_id = ?")
                .bind(company.0)
                .bind(external_id)
                .fetch_optional(self.conn())
                .await?;
        Ok(row.map(|(id,)| ProjectId(id)))
    }

    /// Puts the user in the project's Directory with these flags.
    pub async fn upsert_directory_member(
        &mut self,
        project: ProjectId,
        user: UserId,
        member: UpsertDirectoryMember,
    ) -> Result<(), sqlx::Error> {
        query(
            "INSERT INTO project_members (project_id, user_id, is_project_admin, is_favourite)
             VALUES (?, ?, ?, ?)
             ON CONFLICT (project_id, user_id) DO UPDATE SET
               is_project_admin = excluded.is_project_admin, is_favourite = excluded.is_favourite",
        )
        .bind(project.0)
        .bind(user.0)
        .bind(member.is_project_admin)
        .bind(member.is_favourite)
        .execute(self.conn())
        .await
        .map(drop)?;
        Ok(())
    }

    /// Takes the user out of the project's Directory (and its distribution groups).
    pub async fn remove_directory_member(
        &mut self,
        project: ProjectId,
        user: UserId,
    ) -> Result<(), sqlx::Error> {
        query("DELETE FROM project_members WHERE project_id = ? AND user_id = ?")
            .bind(project.0)
            .bind(user.0)
            .execute(self.conn())
            .await
            .map(drop)?;
        query(
            "DELETE FROM distribution_group_members
             WHERE user_id = ?
               AND group_id IN (SELECT id FROM distribution_groups WHERE project_id = ?)",
        )
        .bind(user.0)
        .bind(project.0)
        .execute(self.conn())
        .await
        .map(drop)?;
        Ok(())
    }

    /// Creates or replaces the distribution group with this host id.
    pub async fn upsert_distribution_group(
        &mut self,
        project: ProjectId,
        external_id: &str,
        name: &str,
        members: &[UserId],
    ) -> Result<DistributionGroupId, sqlx::Error> {
        let (id,): (i64,) = query_as(
            "INSERT INTO distribution_groups (project_id, external_id, name) VALUES (?, ?, ?)
             ON CONFLICT (project_id, external_id) WHERE external_id IS NOT NULL
             DO UPDATE SET name = excluded.name
             RETURNING id",
        )
        .bind(project.0)
        .bind(external_id)
        .bind(name)
        .fetch_one(self.conn())
        .await?;
        query("DELETE FROM distribution_group_members WHERE group_id = ?")
            .bind(id)
            .execute(self.conn())
            .await
            .map(drop)?;
        self.link_users("distribution_group_members", "group_id", id, members).await?;
        Ok(DistributionGroupId(id))
    }

    /// Creates or updates the item with this host id.
    pub async fn upsert_item(
        &mut self,
        project: ProjectId,
        external_id: &str,
        tool: &str,
        number: &str,
        title: &str,
        is_private: bool,
    ) -> Result<ItemId, sqlx::Error> {
        let (id,): (i64,) = query_as(
            "INSERT INTO items (project_id, external_id, tool, number, title, is_private)
             VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (project_id, external_id) WHERE external_id IS NOT NULL
             DO UPDATE SET tool = excluded.tool, number = excluded.number, title = excluded.title,
                           is_private = excluded.is_private
             RETURNING id",
        )
        .bind(project.0)
        .bind(external_id)
        .bind(tool)
        .bind(number)
        .bind(title)
        .bind(is_private)
        .fetch_one(self.conn())
        .await?;
        Ok(ItemId(id))
    }
}
