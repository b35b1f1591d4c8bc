//! The facts the access rules ([`crate::domain::access`]) decide on, read fresh each time.

use parlons_api::{
    Audience, CompanyId, ConversationId, ConversationKind, DirectMessages, ToolLevel, UserId,
};

use std::collections::HashMap;
use std::sync::Arc;

use super::query::query_as;
use super::{Conn, Store, Tx};
use crate::domain::access::{AccessFacts, ReaderFacts};

row! {
    /// One (conversation, user) pair's facts, as the query returns them.
    struct FactsRow {
        conversation_id: i64,
        user_id: i64,
        kind: String,
        has_project: bool,
        project_enabled: bool,
        item_private: bool,
        everyone_in_directory: bool,
        external_favouriter_participates: bool,
        audience: String,
        direct_messages: String,
        item_conversations: bool,
        in_company: bool,
        is_external: bool,
        is_admin: bool,
        in_directory: bool,
        favourite: bool,
        participant: bool,
        tool_level: Option<String>,
        on_access_list: bool,
    }
}

/// Whether an external who favourites the project takes part, once per conversation of
/// `pairs` (materialised: evaluated for each pair, it made a conversation of n people cost
/// n² lookups).
const EXTERNAL_FAVOURITERS: &str = "
SELECT c.id AS conversation_id,
       EXISTS (SELECT 1 FROM conversation_participants xp
               JOIN company_members xm ON xm.company_id = c.company_id
                    AND xm.user_id = xp.user_id AND xm.is_external
               JOIN project_members xpm ON xpm.project_id = c.project_id
                    AND xpm.user_id = xp.user_id AND xpm.is_favourite
               WHERE xp.conversation_id = c.id) AS participates
FROM conversations c WHERE c.id IN (SELECT conversation_id FROM pairs)";

/// The facts of every (conversation, user) pair that `pairs` (a query over `?1`, `?2`
/// returning such pairs) yields.
const FACTS: &str = "
SELECT pairs.conversation_id, pairs.user_id,
       c.kind,
       c.project_id IS NOT NULL AS has_project,
       (c.project_id IS NULL OR COALESCE(s.all_projects, TRUE) OR p.conversations_selected)
           AS project_enabled,
       COALESCE(i.is_private, FALSE) AS item_private,
       c.everyone_in_directory,
       xf.participates AS external_favouriter_participates,
       COALESCE(s.audience, 'all') AS audience,
       COALESCE(s.direct_messages, 'everyone') AS direct_messages,
       COALESCE(s.item_conversations, TRUE) AS item_conversations,
       cm.user_id IS NOT NULL AS in_company,
       COALESCE(cm.is_external, FALSE) AS is_external,
       COALESCE(cm.is_admin, FALSE) AS is_admin,
       pm.user_id IS NOT NULL AS in_directory,
       COALESCE(pm.is_favourite, FALSE) AS favourite,
       cp.user_id IS NOT NULL AS participant,
       itp.level AS tool_level,
       ia.user_id IS NOT NULL AS on_access_list
FROM pairs
JOIN conversations c ON c.id = pairs.conversation_id
JOIN external_favouriters xf ON xf.conversation_id = c.id
LEFT JOIN company_settings s ON s.company_id = c.company_id
LEFT JOIN projects p ON p.id = c.project_id
LEFT JOIN items i ON i.id = c.item_id
LEFT JOIN company_members cm ON cm.company_id = c.company_id AND cm.user_id = pairs.user_id
LEFT JOIN project_members pm ON pm.project_id = c.project_id AND pm.user_id = pairs.user_id
LEFT JOIN conversation_participants cp
       ON cp.conversation_id = c.id AND cp.user_id = pairs.user_id
LEFT JOIN item_tool_permissions itp
       ON itp.project_id = c.project_id AND itp.user_id = pairs.user_id AND itp.tool = i.tool
LEFT JOIN item_access ia ON ia.item_id = c.item_id AND ia.user_id = pairs.user_id";

/// One conversation, one user.
const ONE: &str = "SELECT ?1 AS conversation_id, ?2 AS user_id";

/// One conversation (`?1`), everyone who might read it: its participants and its project's
/// Directory (`?2` unused).
const AUDIENCE: &str = "
SELECT conversation_id, user_id FROM conversation_participants WHERE conversation_id = ?1
UNION
SELECT c.id, pm.user_id FROM conversations c JOIN project_members pm ON pm.project_id = c.project_id
WHERE c.id = ?1 AND ?2 IS NULL";

/// One company (`?1`), one user (`?2`): the conversations they might read.
const CANDIDATES: &str = "
SELECT c.id AS conversation_id, ?2 AS user_id FROM conversations c
WHERE c.company_id = ?1
  AND (EXISTS (SELECT 1 FROM conversation_participants cp
               WHERE cp.conversation_id = c.id AND cp.user_id = ?2)
       OR c.project_id IN (SELECT project_id FROM project_members WHERE user_id = ?2))";

impl FactsRow {
    fn into_facts(self) -> Option<(ConversationId, UserId, AccessFacts)> {
        let facts = AccessFacts {
            kind: ConversationKind::parse(&self.kind)?,
            has_project: self.has_project,
            project_enabled: self.project_enabled,
            item_private: self.item_private,
            everyone_in_directory: self.everyone_in_directory,
            external_favouriter_participates: self.external_favouriter_participates,
            audience: Audience::parse(&self.audience)?,
            direct_messages: DirectMessages::parse(&self.direct_messages)?,
            item_conversations: self.item_conversations,
            reader: ReaderFacts {
                in_company: self.in_company,
                is_external: self.is_external,
                is_admin: self.is_admin,
                in_directory: self.in_directory,
                favourite: self.favourite,
                participant: self.participant,
                tool_level: self.tool_level.as_deref().and_then(ToolLevel::parse),
                on_access_list: self.on_access_list,
            },
        };
        Some((ConversationId(self.conversation_id), UserId(self.user_id), facts))
    }
}

async fn facts(
    conn: Conn<'_>,
    pairs: &str,
    first: i64,
    second: Option<i64>,
) -> Result<Vec<(ConversationId, UserId, AccessFacts)>, sqlx::Error> {
    let sql = format!(
        "WITH pairs AS ({pairs}), external_favouriters AS MATERIALIZED ({EXTERNAL_FAVOURITERS}) {FACTS}"
    );
    let rows: Vec<FactsRow> = query_as(&sql).bind(first).bind(second).fetch_all(conn).await?;
    Ok(rows.into_iter().filter_map(FactsRow::into_facts).collect())
}

fn audience(rows: Vec<(ConversationId, UserId, AccessFacts)>) -> Vec<(UserId, AccessFacts)> {
    rows.into_iter().map(|(_, user, facts)| (user, facts)).collect()
}

/// The writer's memory of conversations' audiences, each with the access generation it was
/// read at (migration 0007: every change to a fact the rules read moves it on). An audience
/// is used only while the generation is still that one, as the writing transaction reads it;
/// so it is never staler than a query would be, across instances too. Forgotten when a write
/// is rolled back (its changes may have moved the generation on, then back).
#[derive(Default)]
pub(super) struct Audiences(HashMap<ConversationId, (i64, Remembered)>);

/// An audience as remembered: shared, never changed.
type Remembered = Arc<[(UserId, AccessFacts)]>;

/// Most audiences remembered; beyond, the memory starts afresh.
const MOST_AUDIENCES: usize = 10_000;

impl Audiences {
    pub(super) fn forget(&mut self) {
        self.0.clear();
    }
}

impl Tx {
    /// [`Store::candidate_facts`], as this transaction sees it.
    pub async fn candidate_facts(
        &mut self,
        company: CompanyId,
        user: UserId,
    ) -> Result<Vec<(ConversationId, AccessFacts)>, sqlx::Error> {
        let rows = facts(self.conn(), CANDIDATES, company.0, Some(user.0)).await?;
        Ok(rows.into_iter().map(|(conversation, _, facts)| (conversation, facts)).collect())
    }

    /// [`Store::audience_facts`], as this transaction sees it: from the writer's memory when
    /// nothing the rules read changed since it was read.
    pub async fn audience_facts(
        &mut self,
        conversation: ConversationId,
    ) -> Result<Vec<(UserId, AccessFacts)>, sqlx::Error> {
        let (generation,): (i64,) = query_as("SELECT value FROM access_generation WHERE id = 1")
            .fetch_one(self.conn())
            .await?;
        let remembered = self.batch.audiences.0.get(&conversation);
        if let Some((_, audience)) = remembered.filter(|(at, _)| *at == generation) {
            return Ok(audience.to_vec());
        }
        let read = audience(facts(self.conn(), AUDIENCE, conversation.0, None).await?);
        let audiences = &mut self.batch.audiences;
        if audiences.0.len() >= MOST_AUDIENCES {
            audiences.forget();
        }
        audiences.0.insert(conversation, (generation, read.as_slice().into()));
        Ok(read)
    }
}

impl Store {
    /// The facts for one user reading one conversation; `None` if there is no such
    /// conversation.
    pub async fn access_facts(
        &self,
        conversation: ConversationId,
        user: UserId,
    ) -> Result<Option<AccessFacts>, sqlx::Error> {
        let rows = facts(self.acquire().await?.conn(), ONE, conversation.0, Some(user.0)).await?;
        Ok(rows.into_iter().next().map(|(_, _, facts)| facts))
    }

    /// The facts for everyone who might read the conversation (its participants and its
    /// project's Directory).
    pub async fn audience_facts(
        &self,
        conversation: ConversationId,
    ) -> Result<Vec<(UserId, AccessFacts)>, sqlx::Error> {
        Ok(audience(facts(self.acquire().await?.conn(), AUDIENCE, conversation.0, None).await?))
    }

    /// The facts for every conversation of the company the user might read.
    pub async fn candidate_facts(
        &self,
        company: CompanyId,
        user: UserId,
    ) -> Result<Vec<(ConversationId, AccessFacts)>, sqlx::Error> {
        let rows = facts(self.acquire().await?.conn(), CANDIDATES, company.0, Some(user.0)).await?;
        Ok(rows.into_iter().map(|(conversation, _, facts)| (conversation, facts)).collect())
    }
}
