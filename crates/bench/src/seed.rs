//! The benchmark's company, written straight into a new database before the server starts:
//! thousands of users with a session each (logging in through the API would spend minutes
//! hashing passwords), and the conversations the scenarios send in.

use parlons_api::{CompanyId, ConversationId, ConversationKind, Timestamp, UserId};
use parlons_server::auth::token_hash;
use parlons_server::store::{NewConversation, NewUser, Store, Tx};

/// Conversations of the scenarios, as user indices (the first one sends).
pub struct World {
    /// Each user's session cookie value, by user index.
    pub tokens: Vec<String>,
    /// 256 conversations of two people.
    pub pairs: Vec<Conversation>,
    /// One conversation of 50 people.
    pub fifty: Conversation,
    /// One conversation of 2,000 people.
    pub two_thousand: Conversation,
    /// Everyone, in conversations of 2 to 50 people.
    pub mixed: Vec<Conversation>,
}

/// A conversation and its members (user indices).
#[derive(Clone)]
pub struct Conversation {
    pub id: i64,
    pub members: Vec<usize>,
}

/// Writes the world of `users` users into the database at `url` (see `Store::connect`).
pub async fn seed(url: &str, users: usize) -> Result<World, Box<dyn std::error::Error>> {
    let store = Store::connect(url).await?;
    let mut tx = store.begin().await?;
    let company = tx.insert_company("Bench").await?;
    let now = Timestamp(
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_millis() as i64,
    );
    let year = 365 * 24 * 3600 * 1000;
    let mut ids = Vec::with_capacity(users);
    let mut tokens = Vec::with_capacity(users);
    for n in 0..users {
        let email = format!("user{n}@bench.test");
        let user = tx
            .insert_user(NewUser { email: &email, name: &format!("User {n}"), password_hash: None })
            .await?;
        tx.upsert_company_member(company, user, &email, false, false).await?;
        let token = format!("bench-session-{n}");
        tx.insert_session(&token_hash(&token), (user, company, None), now, Timestamp(now.0 + year))
            .await?;
        ids.push(user);
        tokens.push(token);
    }
    let mut pairs = Vec::new();
    for k in 0..256 {
        pairs.push(insert(&mut tx, company, &ids, vec![2 * k, 2 * k + 1], now).await?);
    }
    let fifty = insert(&mut tx, company, &ids, (0..50).collect(), now).await?;
    let two_thousand = insert(&mut tx, company, &ids, (0..2_000.min(users)).collect(), now).await?;
    let mut mixed = Vec::new();
    let (mut start, mut size) = (0, 2);
    while start + size <= users {
        mixed.push(insert(&mut tx, company, &ids, (start..start + size).collect(), now).await?);
        start += size;
        size = if size == 50 { 2 } else { size + 1 };
    }
    tx.commit().await?;
    Ok(World { tokens, pairs, fifty, two_thousand, mixed })
}

/// A private conversation of these people (indices into `ids`), with a subject (so none is
/// another's direct conversation).
async fn insert(
    tx: &mut Tx,
    company: CompanyId,
    ids: &[UserId],
    members: Vec<usize>,
    now: Timestamp,
) -> Result<Conversation, Box<dyn std::error::Error>> {
    let people: Vec<UserId> = members.iter().map(|&m| ids[m]).collect();
    let new = NewConversation {
        company,
        project: None,
        item: None,
        kind: ConversationKind::Direct,
        subject: Some(format!("Bench of {}", people.len())),
        direct_key: None,
        started_with: None,
        everyone_in_directory: false,
        created_by: people[0],
        participants: people,
        now,
    };
    let ConversationId(id) = tx.insert_conversation(&new).await?;
    Ok(Conversation { id, members })
}
