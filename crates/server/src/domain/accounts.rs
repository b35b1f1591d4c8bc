//! Logging in and out, and who is logged in.

use std::net::IpAddr;
use std::sync::LazyLock;

use argon2::Argon2;
use parlons_api::{CompanyId, LoginRequest, Me, SwitchCompany, Timestamp, UserId};
use password_hash::rand_core::{OsRng, RngCore};
use password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::AppState;
use crate::auth::{SESSION_LIFETIME_MS, Session, token_hash};
use crate::error::AppError;

/// An argon2id hash of `password` with a fresh salt, for storing.
pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| AppError::Internal(e.to_string().into()))
}

/// Whether `password` matches the stored `hash`.
fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .is_ok_and(|hash| Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
}

/// A hash no password matches, verified for unknown e-mail addresses so that a login takes
/// as long whether the address exists or not.
static UNMATCHABLE_HASH: LazyLock<String> = LazyLock::new(|| {
    let mut random = [0u8; 32];
    OsRng.fill_bytes(&mut random);
    hash_password(&hex(&random)).unwrap_or_default()
});

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new random token (256 bits), for a session or the integration API.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// Checks the password and opens a session in the user's first company; returns the user
/// and the session token for the cookie. Counted first against the login limits of the
/// account and of the `address` it comes from.
pub async fn login(
    state: &AppState,
    request: LoginRequest,
    address: Option<IpAddr>,
) -> Result<(Me, String), AppError> {
    state.login_limits.attempt(&request.email, address).map_err(AppError::TooManyAttempts)?;
    let candidate = state.store.login_candidate(request.email.trim()).await?;
    let (user, hash) = match candidate {
        Some(c) => (Some(c.id), c.password_hash.unwrap_or_else(|| UNMATCHABLE_HASH.clone())),
        None => (None, UNMATCHABLE_HASH.clone()),
    };
    // Hashing takes tens of milliseconds of CPU: keep it off the async workers.
    let password = request.password;
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .map_err(|e| AppError::Internal(Box::new(e)))?;
    let user = user.filter(|_| matches).ok_or(AppError::InvalidCredentials)?;

    let companies = state.store.memberships(user).await?;
    let company = companies
        .first()
        .ok_or_else(|| AppError::forbidden("This account does not belong to any company."))?
        .id;
    let token = new_token();
    let now = state.clock.now();
    let mut tx = state.store.begin().await?;
    tx.insert_session(
        &token_hash(&token),
        (user, company, None),
        now,
        Timestamp(now.0 + SESSION_LIFETIME_MS),
    )
    .await?;
    tx.commit().await?;

    Ok((profile(state, user, company).await?, token))
}

/// Ends the session.
pub async fn logout(state: &AppState, session: &Session) -> Result<(), AppError> {
    let mut tx = state.store.begin().await?;
    tx.delete_session(&session.token_hash).await?;
    tx.commit().await?;
    Ok(())
}

/// Scopes the session to another of the user's companies; every request after it sees that
/// company only.
pub async fn switch_company(
    state: &AppState,
    session: &Session,
    request: SwitchCompany,
) -> Result<Me, AppError> {
    let companies = state.store.memberships(session.user).await?;
    if !companies.iter().any(|c| c.id == request.company_id) {
        return Err(AppError::NotFound("company"));
    }
    let mut tx = state.store.begin().await?;
    tx.set_session_company(&session.token_hash, request.company_id).await?;
    tx.commit().await?;
    profile(state, session.user, request.company_id).await
}

/// The logged-in user and their companies.
pub async fn me(state: &AppState, session: &Session) -> Result<Me, AppError> {
    profile(state, session.user, session.company).await
}

async fn profile(state: &AppState, user: UserId, company: CompanyId) -> Result<Me, AppError> {
    let (name, email) = state.store.user_profile(user).await?.ok_or(AppError::Unauthenticated)?;
    let companies = state.store.memberships(user).await?;
    let company =
        companies.iter().find(|c| c.id == company).cloned().ok_or(AppError::Unauthenticated)?;
    let settings = state.store.company_settings(company.id).await?;
    let manage_groups = settings.group_managers.allow(company.is_admin, company.is_external);
    Ok(Me {
        id: user,
        name,
        email,
        company,
        companies,
        edit_delete: settings.edit_delete,
        manage_groups,
    })
}
