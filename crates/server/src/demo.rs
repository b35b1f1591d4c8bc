//! The demo data set: a construction firm and an accounting firm, with people, projects,
//! items and a few conversations, so the product can be tried (and tested end to end) at once.

use std::collections::BTreeSet;

use parlons_api::{
    CompanyId, ConversationId, ConversationKind, Document, ItemId, ProjectId, Timestamp, ToolLevel,
    UpsertDirectoryMember, UserId,
};

use crate::domain::accounts::hash_password;
use crate::domain::direct::direct_key;
use crate::error::AppError;
use crate::store::{NewConversation, NewMessage, NewUser, Store, Tx};

/// Every demo user's password. Demo data is for trying the product, never for production.
pub const DEMO_PASSWORD: &str = "parlons-demo";

/// A demo user, as printed at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoLogin {
    /// Their company.
    pub company: &'static str,
    /// Their name.
    pub name: &'static str,
    /// Their e-mail address, to log in with.
    pub email: &'static str,
    /// What they are in the company.
    pub role: &'static str,
}

struct Person {
    name: &'static str,
    email: &'static str,
    role: &'static str,
    is_external: bool,
    is_admin: bool,
}

const fn person(name: &'static str, email: &'static str, role: &'static str) -> Person {
    Person { name, email, role, is_external: false, is_admin: false }
}

const CONSTRUCTION: &str = "Durand Construction";
const CONSTRUCTION_PEOPLE: [Person; 6] = [
    Person {
        is_admin: true,
        ..person("Alice Durand", "alice@durand-construction.example", "company admin")
    },
    person("Bruno Martin", "bruno@durand-construction.example", "project manager"),
    person("Chloé Bernard", "chloe@durand-construction.example", "site superintendent"),
    Person {
        is_external: true,
        ..person("David Roux", "david@roux-plomberie.example", "plumbing subcontractor")
    },
    Person {
        is_external: true,
        ..person("Emma Petit", "emma@petit-electricite.example", "electrical subcontractor")
    },
    Person {
        is_external: true,
        ..person("Farid Haddad", "farid@haddad-charpente.example", "carpentry subcontractor")
    },
];

const ACCOUNTING: &str = "Cabinet Moreau Expertise";
const ACCOUNTING_PEOPLE: [Person; 4] = [
    Person {
        is_admin: true,
        ..person("François Moreau", "francois@moreau-expertise.example", "company admin")
    },
    person("Gabrielle Lemaire", "gabrielle@moreau-expertise.example", "accountant"),
    Person {
        is_external: true,
        ..person("Hugo Garnier", "hugo@boulangerie-garnier.example", "client")
    },
    Person {
        is_external: true,
        ..person("Inès Fontaine", "ines@garage-fontaine.example", "client")
    },
];

/// The demo users, company by company.
pub fn logins() -> Vec<DemoLogin> {
    [(CONSTRUCTION, &CONSTRUCTION_PEOPLE[..]), (ACCOUNTING, &ACCOUNTING_PEOPLE[..])]
        .into_iter()
        .flat_map(|(company, people)| {
            people.iter().map(move |p| DemoLogin {
                company,
                name: p.name,
                email: p.email,
                role: p.role,
            })
        })
        .collect()
}

/// Loads the demo data set if the database holds no company yet; returns whether it did.
pub async fn load_if_empty(store: &Store, now: Timestamp) -> Result<bool, AppError> {
    if !store.is_empty().await? {
        return Ok(false);
    }
    // One hash for every demo user: hashing is deliberately slow, and they share a password.
    let hash = hash_password(DEMO_PASSWORD)?;
    let mut tx = store.begin().await?;
    let mut seed = Seed { tx: &mut tx, now };

    let company = seed.tx.insert_company(CONSTRUCTION).await?;
    let [alice, bruno, chloe, david, emma, farid] =
        seed.people(company, &CONSTRUCTION_PEOPLE, &hash).await?;
    let tilleuls = seed
        .project(
            company,
            "Résidence Les Tilleuls",
            "2024-017",
            &[
                (bruno, true, true),
                (chloe, false, true),
                (david, false, false),
                (emma, false, false),
            ],
        )
        .await?;
    let ecole = seed
        .project(
            company,
            "École Jules-Ferry — extension",
            "2025-003",
            &[
                (bruno, false, true),
                (chloe, true, true),
                (emma, false, false),
                (farid, false, true),
            ],
        )
        .await?;
    // The subcontractors of the site's technical trades, to add in one click.
    seed.tx
        .upsert_distribution_group(tilleuls, "lots-techniques", "Lots techniques", &[david, emma])
        .await?;
    let rfi_12 = seed
        .tx
        .upsert_item(
            tilleuls,
            "rfi-12",
            "rfi",
            "12",
            "Hauteur des gaines techniques au sous-sol",
            false,
        )
        .await?;
    let rfi_13 = seed
        .tx
        .upsert_item(tilleuls, "rfi-13", "rfi", "13", "Réservations dans la dalle du R+1", true)
        .await?;
    seed.tx
        .upsert_item(
            tilleuls,
            "submittal-4",
            "submittal",
            "4",
            "Fiche technique de la chaudière gaz",
            false,
        )
        .await?;
    seed.tx.upsert_item(ecole, "rfi-3", "rfi", "3", "Garde-corps du préau", false).await?;
    seed.tx
        .upsert_item(ecole, "submittal-1", "submittal", "1", "Menuiseries aluminium", false)
        .await?;
    let tilleuls_access = [
        (bruno, ToolLevel::Admin),
        (chloe, ToolLevel::Standard),
        (david, ToolLevel::ReadOnly),
        (emma, ToolLevel::ReadOnly),
    ];
    for (user, level) in tilleuls_access {
        seed.tx.set_tool_permission(tilleuls, user, "rfi", level).await?;
        seed.tx.set_tool_permission(tilleuls, user, "submittal", level).await?;
    }
    let ecole_access = [
        (bruno, ToolLevel::Admin),
        (chloe, ToolLevel::Admin),
        (emma, ToolLevel::ReadOnly),
        (farid, ToolLevel::ReadOnly),
    ];
    for (user, level) in ecole_access {
        seed.tx.set_tool_permission(ecole, user, "rfi", level).await?;
    }
    seed.tx.set_item_access(rfi_13, &[bruno, chloe]).await?;

    let gaines = seed.direct(company, Some(tilleuls), &[bruno, david]).await?;
    seed.message(
        gaines,
        bruno,
        3 * 24 * 60,
        "Bonjour David,\nPouvez-vous confirmer la hauteur des gaines au sous-sol avant jeudi ?",
    )
    .await?;
    seed.message(
        gaines,
        david,
        3 * 24 * 60 - 42,
        "Bonjour Bruno, 2,40 m sous dalle comme sur le plan indice C.",
    )
    .await?;
    seed.message(gaines, bruno, 26 * 60, "Parfait, merci. On valide en réunion de chantier.")
        .await?;
    seed.read_all(gaines, bruno).await?;

    let tableaux = seed.direct(company, Some(tilleuls), &[bruno, chloe, emma]).await?;
    seed.message(
        tableaux,
        chloe,
        5 * 60,
        "Emma, les tableaux électriques du bâtiment B sont livrés lundi.",
    )
    .await?;
    seed.message(tableaux, emma, 4 * 60, "Bien noté, mon équipe sera là à 7 h 30.").await?;
    seed.message(tableaux, chloe, 35, "Merci ! Pensez aux badges d'accès.").await?;
    seed.read_all(tableaux, chloe).await?;

    let preau = seed.direct(company, Some(ecole), &[chloe, farid]).await?;
    seed.message(
        preau,
        farid,
        2 * 24 * 60,
        "La charpente du préau est posée, contrôle possible demain.",
    )
    .await?;
    seed.read_all(preau, chloe).await?;
    seed.read_all(preau, farid).await?;

    let rfi = seed
        .conversation(
            company,
            Some(tilleuls),
            Some(rfi_12),
            ConversationKind::Item,
            None,
            bruno,
            &[],
        )
        .await?;
    seed.message(
        rfi,
        bruno,
        2 * 24 * 60 + 30,
        "Le bureau d'études propose 2,40 m : quelqu'un a une objection ?",
    )
    .await?;
    seed.message(rfi, david, 2 * 24 * 60, "Aucune de notre côté.").await?;
    for user in [bruno, david, chloe, emma] {
        seed.read_all(rfi, user).await?;
    }
    seed.tx.set_following(rfi, bruno, true).await?;
    seed.tx.set_following(rfi, david, true).await?;

    let livraisons = seed
        .conversation(
            company,
            Some(tilleuls),
            None,
            ConversationKind::Company,
            Some("Planning des livraisons"),
            bruno,
            &[bruno, chloe],
        )
        .await?;
    seed.message(
        livraisons,
        bruno,
        8 * 60,
        "Grue mobile réservée mardi ; livraisons du bâtiment B décalées à mercredi.",
    )
    .await?;
    seed.read_all(livraisons, bruno).await?;
    seed.read_all(livraisons, chloe).await?;

    let preau_team = seed
        .conversation(
            company,
            Some(ecole),
            None,
            ConversationKind::Group,
            Some("Équipe préau"),
            chloe,
            &[bruno, chloe, farid],
        )
        .await?;
    seed.message(preau_team, chloe, 3 * 24 * 60, "Réception du préau prévue le 12.").await?;
    for user in [bruno, chloe, farid] {
        seed.read_all(preau_team, user).await?;
    }

    let planning = seed.direct(company, None, &[alice, bruno]).await?;
    seed.message(planning, alice, 6 * 24 * 60, "Bruno, point planning vendredi 9 h ?").await?;
    seed.message(planning, bruno, 6 * 24 * 60 - 15, "Oui, je réserve la salle.").await?;
    seed.read_all(planning, alice).await?;
    seed.read_all(planning, bruno).await?;

    let company = seed.tx.insert_company(ACCOUNTING).await?;
    let [francois, gabrielle, hugo, ines] = seed.people(company, &ACCOUNTING_PEOPLE, &hash).await?;
    let garnier = seed
        .project(
            company,
            "Boulangerie Garnier SARL",
            "DOS-0412",
            &[(francois, true, true), (gabrielle, false, true), (hugo, false, true)],
        )
        .await?;
    let fontaine = seed
        .project(
            company,
            "Garage Fontaine SAS",
            "DOS-0388",
            &[(gabrielle, false, true), (ines, false, true)],
        )
        .await?;
    seed.tx
        .upsert_item(garnier, "document-2025-BIL", "document", "2025-BIL", "Bilan 2025", false)
        .await?;
    let bilan = seed.direct(company, Some(garnier), &[gabrielle, hugo]).await?;
    seed.message(
        bilan,
        gabrielle,
        2 * 24 * 60,
        "Bonjour M. Garnier, il nous manque les relevés bancaires de décembre pour le bilan.",
    )
    .await?;
    seed.message(bilan, hugo, 20 * 60, "Je vous les dépose cette semaine.").await?;
    seed.read_all(bilan, hugo).await?;
    let pieces = seed
        .conversation(
            company,
            Some(garnier),
            None,
            ConversationKind::Company,
            Some("Bilan 2025 — pièces manquantes"),
            gabrielle,
            &[gabrielle, hugo],
        )
        .await?;
    seed.message(
        pieces,
        gabrielle,
        3 * 24 * 60,
        "Liste des pièces à fournir avant le 15 : relevés, factures d'achat, inventaire.",
    )
    .await?;
    for user in [gabrielle, hugo, francois] {
        seed.read_all(pieces, user).await?;
    }
    let honoraires = seed
        .conversation(
            company,
            Some(garnier),
            None,
            ConversationKind::Confidential,
            Some("Honoraires 2026"),
            francois,
            &[gabrielle, francois],
        )
        .await?;
    seed.message(
        honoraires,
        francois,
        4 * 24 * 60,
        "On garde le forfait de l'an dernier pour Garnier ?",
    )
    .await?;
    seed.read_all(honoraires, francois).await?;
    seed.read_all(honoraires, gabrielle).await?;

    // Alice runs Durand Construction and is also a client of the accounting firm: she has two
    // companies and switches between them.
    seed.tx.upsert_company_member(company, alice, "client-durand", true, false).await?;
    let durand_file = seed
        .project(
            company,
            "Durand Construction SAS",
            "DOS-0107",
            &[(gabrielle, false, true), (alice, false, true)],
        )
        .await?;
    let tva_durand = seed.direct(company, Some(durand_file), &[gabrielle, alice]).await?;
    seed.message(
        tva_durand,
        gabrielle,
        3 * 60,
        "Madame Durand, votre acompte d'IS est à régler avant le 15.",
    )
    .await?;

    let tva = seed.direct(company, Some(fontaine), &[gabrielle, ines]).await?;
    seed.message(tva, ines, 90, "Bonjour, la déclaration de TVA de novembre est-elle partie ?")
        .await?;
    seed.read_all(tva, ines).await?;

    tx.commit().await?;
    Ok(true)
}

struct Seed<'a> {
    tx: &'a mut Tx,
    now: Timestamp,
}

impl Seed<'_> {
    async fn people<const N: usize>(
        &mut self,
        company: CompanyId,
        people: &[Person; N],
        hash: &str,
    ) -> Result<[UserId; N], AppError> {
        let mut ids = [UserId(0); N];
        for (slot, p) in ids.iter_mut().zip(people) {
            let new = NewUser { email: p.email, name: p.name, password_hash: Some(hash) };
            *slot = self.tx.insert_user(new).await?;
            self.tx
                .upsert_company_member(company, *slot, p.email, p.is_external, p.is_admin)
                .await?;
        }
        Ok(ids)
    }

    /// A project with its Directory: (user, project admin, favourite).
    async fn project(
        &mut self,
        company: CompanyId,
        name: &str,
        number: &str,
        directory: &[(UserId, bool, bool)],
    ) -> Result<ProjectId, AppError> {
        let project = self.tx.upsert_project(company, number, name, Some(number)).await?;
        for &(user, is_project_admin, is_favourite) in directory {
            let member = UpsertDirectoryMember { is_project_admin, is_favourite };
            self.tx.upsert_directory_member(project, user, member).await?;
        }
        Ok(project)
    }

    /// A direct conversation without subject (found again by its people).
    async fn direct(
        &mut self,
        company: CompanyId,
        project: Option<ProjectId>,
        people: &[UserId],
    ) -> Result<ConversationId, AppError> {
        let participants: BTreeSet<UserId> = people.iter().copied().collect();
        let key = direct_key(project, &participants);
        let new = NewConversation {
            company,
            project,
            item: None,
            kind: ConversationKind::Direct,
            subject: None,
            direct_key: Some(key),
            started_with: None,
            everyone_in_directory: false,
            created_by: people[0],
            participants: people.to_vec(),
            now: self.week_ago(),
        };
        Ok(self.tx.insert_conversation(&new).await?)
    }

    /// Any other conversation.
    #[expect(
        clippy::too_many_arguments,
        reason = "a private helper of the seed, called with literals"
    )]
    async fn conversation(
        &mut self,
        company: CompanyId,
        project: Option<ProjectId>,
        item: Option<ItemId>,
        kind: ConversationKind,
        subject: Option<&str>,
        creator: UserId,
        people: &[UserId],
    ) -> Result<ConversationId, AppError> {
        let new = NewConversation {
            company,
            project,
            item,
            kind,
            subject: subject.map(str::to_owned),
            direct_key: None,
            started_with: None,
            everyone_in_directory: false,
            created_by: creator,
            participants: people.to_vec(),
            now: self.week_ago(),
        };
        Ok(self.tx.insert_conversation(&new).await?)
    }

    fn week_ago(&self) -> Timestamp {
        Timestamp(self.now.0 - 7 * 24 * 3600 * 1000)
    }

    /// A message sent `minutes_ago`.
    async fn message(
        &mut self,
        conversation: ConversationId,
        author: UserId,
        minutes_ago: i64,
        text: &str,
    ) -> Result<(), AppError> {
        let body = Document::from_plain_text(text);
        let key = format!("demo-{}-{minutes_ago}", author.0);
        let now = Timestamp(self.now.0 - minutes_ago * 60 * 1000);
        let new = NewMessage {
            conversation,
            parent: None,
            author,
            idempotency_key: &key,
            body: &body,
            mentions: &[],
            now,
        };
        let id = self.tx.insert_message(&new).await?;
        if let Some(id) = id {
            self.tx.advance_read_position(conversation, author, id).await?;
        }
        Ok(())
    }

    /// The user has read everything in the conversation.
    async fn read_all(
        &mut self,
        conversation: ConversationId,
        user: UserId,
    ) -> Result<(), AppError> {
        self.tx.mark_all_read(conversation, user).await?;
        Ok(())
    }
}
