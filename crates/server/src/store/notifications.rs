//! Notification preferences, and who a new message may notify.

use std::collections::{HashMap, HashSet};

use parlons_api::{CompanyId, ConversationId, NotificationPreferences, UserId};

use super::query::{query, query_as};
use super::users::id_list;
use super::{Conn, Store, Tx};

type Row = (i64, bool, bool, bool, bool, bool, bool);

fn preferences(row: Row) -> (UserId, NotificationPreferences) {
    let (user, everything, direct_messages, group_messages, item_messages, mentions, projects) =
        row;
    let preferences = NotificationPreferences {
        everything,
        direct_messages,
        group_messages,
        item_messages,
        mentions,
        project_messages: projects,
    };
    (UserId(user), preferences)
}

async fn preferences_of(
    conn: Conn<'_>,
    company: CompanyId,
    users: &[UserId],
) -> Result<HashMap<UserId, NotificationPreferences>, sqlx::Error> {
    let rows: Vec<Row> = query_as(
        "SELECT user_id, everything, direct_messages, group_messages, item_messages, mentions,
                project_messages
         FROM notification_preferences
         WHERE company_id = ? AND user_id IN (SELECT value FROM json_each(?))",
    )
    .bind(company.0)
    .bind(id_list(users.iter().map(|u| u.0)))
    .fetch_all(conn)
    .await?;
    let mut found: HashMap<UserId, NotificationPreferences> =
        rows.into_iter().map(preferences).collect();
    for user in users {
        found.entry(*user).or_default();
    }
    Ok(found)
}

impl Store {
    /// The user's preferences in the company (every new message if never set).
    pub async fn notification_preferences(
        &self,
        company: CompanyId,
        user: UserId,
    ) -> Result<NotificationPreferences, sqlx::Error> {
        let found = preferences_of(self.acquire().await?.conn(), company, &[user]).await?;
        Ok(found.get(&user).copied().unwrap_or_default())
    }

    /// The preferences of each of these users in the company, read by key (see
    /// [`Store::lookup`]).
    pub async fn notification_preferences_of(
        &self,
        company: CompanyId,
        users: &[UserId],
    ) -> Result<HashMap<UserId, NotificationPreferences>, sqlx::Error> {
        preferences_of(self.lookup(), company, users).await
    }

    /// Who takes part in the conversation: its participants and its followers (for an item),
    /// read by key.
    pub async fn participants_and_followers(
        &self,
        conversation: ConversationId,
    ) -> Result<HashSet<UserId>, sqlx::Error> {
        let rows: Vec<(i64,)> = query_as(
            "SELECT user_id FROM conversation_participants WHERE conversation_id = ?
             UNION SELECT user_id FROM conversation_followers WHERE conversation_id = ?",
        )
        .bind(conversation.0)
        .bind(conversation.0)
        .fetch_all(self.lookup())
        .await?;
        Ok(rows.into_iter().map(|(user,)| UserId(user)).collect())
    }
}

impl Tx {
    /// Saves the user's preferences in the company.
    pub async fn save_notification_preferences(
        &mut self,
        company: CompanyId,
        user: UserId,
        preferences: &NotificationPreferences,
    ) -> Result<(), sqlx::Error> {
        query(
            "INSERT INTO notification_preferences (user_id, company_id, everything,
                 direct_messages, group_messages, item_messages, mentions, project_messages)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (user_id, company_id) DO UPDATE SET
               everything = excluded.everything, direct_messages = excluded.direct_messages,
               group_messages = excluded.group_messages, item_messages = excluded.item_messages,
               mentions = excluded.mentions, project_messages = excluded.project_messages",
        )
        .bind(user.0)
        .bind(company.0)
        .bind(preferences.everything)
        .bind(preferences.direct_messages)
        .bind(preferences.group_messages)
        .bind(preferences.item_messages)
        .bind(preferences.mentions)
        .bind(preferences.project_messages)
        .execute(self.conn())
        .await
        .map(drop)?;
        Ok(())
    }
}
