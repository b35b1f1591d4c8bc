//! French and English for every string the app shows.
//!
//! Each text is declared once with both languages: leaving one out does not compile. A text
//! may hold `{name}` placeholders, filled by [`I18n::fill`].

pub mod locale;

use leptos::prelude::*;

use locale::{Locale, Plural};

/// The languages of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Français.
    Fr,
    /// English.
    #[default]
    En,
}

impl Lang {
    /// Both, in the order the switcher shows them.
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    /// The BCP 47 tag for `<html lang>`, and for dates and times when the browser offers
    /// no variant of the language.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Fr => "fr-FR",
            Lang::En => "en-GB",
        }
    }

    /// The language's own name, for the switcher.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Fr => "Français",
            Lang::En => "English",
        }
    }

    /// The language a browser language tag asks for (French for `fr*`, else English).
    pub fn from_tag(tag: &str) -> Self {
        if tag.to_ascii_lowercase().starts_with("fr") { Lang::Fr } else { Lang::En }
    }
}

/// A text shown in both languages. The app's texts are [`Key`]s; an entry point of its own
/// (the admin pages) declares its texts apart with [`texts!`], so that the Conversations app
/// does not download them.
pub trait Text: Copy + Send + Sync + 'static {
    /// The text in a language.
    fn text(self, lang: Lang) -> &'static str;
}

/// Declares an enum of texts, each with its English and French: `texts! { Key; Send { en:
/// "Send", fr: "Envoyer" } }`.
macro_rules! texts {
    ($name:ident; $($key:ident { en: $en:literal, fr: $fr:literal })*) => {
        /// A text of the app.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $(#[doc = $en] $key,)* }

        impl $name {
            /// Every text, for the tests that check both languages.
            pub const ALL: &'static [$name] = &[$($name::$key,)*];

            /// The text in a language.
            pub fn text(self, lang: $crate::i18n::Lang) -> &'static str {
                use $crate::i18n::Lang;
                match (self, lang) {
                    $(($name::$key, Lang::En) => $en, ($name::$key, Lang::Fr) => $fr,)*
                }
            }
        }

        impl $crate::i18n::Text for $name {
            fn text(self, lang: $crate::i18n::Lang) -> &'static str {
                $name::text(self, lang)
            }
        }
    };
}
pub(crate) use texts;

texts! {
    Key;
    LoginIntro { en: "Project conversations with your team, subcontractors and clients.", fr: "Les conversations de vos projets, avec votre équipe, vos sous-traitants et vos clients." }
    Email { en: "E-mail", fr: "Adresse e-mail" }
    Password { en: "Password", fr: "Mot de passe" }
    LogIn { en: "Log in", fr: "Se connecter" }
    LoggingIn { en: "Logging in…", fr: "Connexion…" }
    LogOut { en: "Log out", fr: "Se déconnecter" }
    Administration { en: "Administration", fr: "Administration" }
    PanelExpired { en: "This panel's link has expired. Reload the page to open it again.", fr: "Le lien de ce panneau a expiré. Rechargez la page pour le rouvrir." }
    PanelLogIn { en: "Log in to Parlons to see this item's conversation.", fr: "Connectez-vous à Parlons pour voir la conversation de cet élément." }
    PanelNoItem { en: "This item does not exist, or you may not read it.", fr: "Cet élément n'existe pas, ou vous ne pouvez pas le lire." }
    PanelNoMessages { en: "No message about this item yet. Write the first one: everyone who may read the item will see it.", fr: "Aucun message sur cet élément pour l'instant. Écrivez le premier : tous ceux qui peuvent lire l'élément le verront." }
    Loading { en: "Loading…", fr: "Chargement…" }
    ServerUnreachable { en: "The server cannot be reached. Check your connection.", fr: "Le serveur est injoignable. Vérifiez votre connexion." }
    ServerTooSlow { en: "The server is taking too long to answer. Try again in a moment.", fr: "Le serveur met trop de temps à répondre. Réessayez dans un instant." }
    UnexpectedAnswer { en: "Unexpected answer from the server ({detail}).", fr: "Réponse inattendue du serveur ({detail})." }
    TryAgain { en: "Try again", fr: "Réessayer" }
    PickConversation { en: "Pick a conversation", fr: "Choisissez une conversation" }
    PickConversationHint { en: "Your conversations are on the left, by project.", fr: "Vos conversations sont à gauche, par projet." }
    ConversationsLandmark { en: "Conversations", fr: "Conversations" }
    DirectMessages { en: "Direct messages", fr: "Messages privés" }
    Groups { en: "Groups", fr: "Groupes" }
    Items { en: "Items", fr: "Éléments" }
    Projects { en: "Projects", fr: "Projets" }
    CompanyWide { en: "Company-wide", fr: "Toute l'entreprise" }
    NoConversations { en: "No conversations yet.", fr: "Aucune conversation pour l'instant." }
    Confidential { en: "Confidential", fr: "Confidentiel" }
    AllCaughtUp { en: "All caught up", fr: "Tout est lu" }
    MentionedYou { en: "you are mentioned", fr: "vous êtes mentionné" }
    UnreadOne { en: "{count} unread", fr: "{count} non lu" }
    UnreadOther { en: "{count} unread", fr: "{count} non lus" }
    Reconnecting { en: "Reconnecting…", fr: "Reconnexion…" }
    Offline { en: "Offline", fr: "Hors ligne" }
    Messages { en: "Messages", fr: "Messages" }
    LoadOlder { en: "Load older messages", fr: "Charger les messages précédents" }
    NoMessagesYet { en: "No messages yet. Say hello!", fr: "Pas encore de message. Dites bonjour !" }
    External { en: "External", fr: "Externe" }
    DeletedBy { en: "Deleted by {name} at {time}", fr: "Supprimé par {name} à {time}" }
    Edited { en: "(edited)", fr: "(modifié)" }
    RepliesOne { en: "{count} reply", fr: "{count} réponse" }
    RepliesOther { en: "{count} replies", fr: "{count} réponses" }
    BackToConversations { en: "Back to conversations", fr: "Retour aux conversations" }
    WriteMessage { en: "Write a message", fr: "Écrire un message" }
    Send { en: "Send", fr: "Envoyer" }
    OnlyYou { en: "Only you", fr: "Vous seul" }
    PageNotFound { en: "This page does not exist.", fr: "Cette page n'existe pas." }
    Language { en: "Language", fr: "Langue" }
    Company { en: "Company", fr: "Entreprise" }
    Edit { en: "Edit", fr: "Modifier" }
    Delete { en: "Delete", fr: "Supprimer" }
    Save { en: "Save", fr: "Enregistrer" }
    Cancel { en: "Cancel", fr: "Annuler" }
    ConfirmDelete { en: "Delete this message for everyone?", fr: "Supprimer ce message pour tout le monde ?" }
    EditYourMessage { en: "Edit your message", fr: "Modifier votre message" }
    Create { en: "+ Create", fr: "+ Créer" }
    Close { en: "Close", fr: "Fermer" }
    Download { en: "Download", fr: "Télécharger" }
    PreviousImage { en: "Previous image", fr: "Image précédente" }
    NextImage { en: "Next image", fr: "Image suivante" }
    TooManyAttempts { en: "Too many attempts. Try again in {seconds} seconds.", fr: "Trop de tentatives. Réessayez dans {seconds} secondes." }
    AttachFiles { en: "Attach files", fr: "Joindre des fichiers" }
    AttachedFiles { en: "Attached files", fr: "Fichiers joints" }
    DropFiles { en: "Drop files here to attach them", fr: "Déposez des fichiers ici pour les joindre" }
    Uploading { en: "Uploading {name}", fr: "Envoi de {name}" }
    UploadProgress { en: "{percent}%", fr: "{percent} %" }
    RemoveFile { en: "Remove {name}", fr: "Retirer {name}" }
    FileTooLarge { en: "Larger than 100 MB: it cannot be sent.", fr: "Plus de 100 Mo : il ne peut pas être envoyé." }
    TooManyFiles { en: "A message can have at most 10 files.", fr: "Un message peut avoir 10 fichiers au plus." }
    UploadLost { en: "Upload lost: the file is no longer available here. Attach it again.", fr: "Envoi perdu : le fichier n'est plus disponible ici. Joignez-le à nouveau." }
    UserMenu { en: "Account menu", fr: "Menu du compte" }
    NotificationPreferences { en: "Notification preferences", fr: "Préférences de notification" }
    Notifications { en: "Notifications", fr: "Notifications" }
    NotificationsEverything { en: "Every new message", fr: "Tous les nouveaux messages" }
    NotificationsCustom { en: "Only…", fr: "Seulement…" }
    NotifyDirect { en: "Direct messages", fr: "Messages directs" }
    NotifyGroups { en: "Group messages", fr: "Messages de groupe" }
    NotifyItems { en: "Item messages", fr: "Messages des éléments" }
    NotifyMentions { en: "Mentions of me", fr: "Quand on me mentionne" }
    NotifyProjects { en: "Company and confidential messages", fr: "Messages entreprise et confidentiels" }
    NotificationsWhom { en: "You are notified of messages in conversations you take part in or follow, and where you are mentioned.", fr: "Vous êtes notifié des messages des conversations auxquelles vous participez ou que vous suivez, et quand on vous mentionne." }
    DesktopNotifications { en: "Desktop notifications", fr: "Notifications du bureau" }
    DesktopNotificationsAsk { en: "Turn on desktop notifications", fr: "Activer les notifications du bureau" }
    DesktopNotificationsWhy { en: "When Parlons is in another tab or window, your browser can show new messages.", fr: "Quand Parlons est dans un autre onglet ou une autre fenêtre, votre navigateur peut afficher les nouveaux messages." }
    DesktopNotificationsOn { en: "Desktop notifications are on.", fr: "Les notifications du bureau sont activées." }
    DesktopNotificationsBlocked { en: "Your browser blocks notifications from this site. To allow them again, click the icon at the left of the address bar, then Notifications: Allow.", fr: "Votre navigateur bloque les notifications de ce site. Pour les autoriser, cliquez sur l'icône à gauche de la barre d'adresse, puis Notifications : Autoriser." }
    DesktopNotificationsUnsupported { en: "This browser cannot show desktop notifications.", fr: "Ce navigateur ne peut pas afficher de notifications du bureau." }
    ShowExample { en: "Show an example notification", fr: "Afficher un exemple de notification" }
    ExampleAuthor { en: "Parlons", fr: "Parlons" }
    ExamplePlace { en: "Example", fr: "Exemple" }
    ExampleText { en: "This is how a new message is announced.", fr: "Voici comment un nouveau message est annoncé." }
    Saved { en: "Saved.", fr: "Enregistré." }
    DismissNotification { en: "Dismiss", fr: "Fermer" }
    Reply { en: "Reply", fr: "Répondre" }
    Formatting { en: "Formatting", fr: "Mise en forme" }
    OnTheirWay { en: "Messages on their way", fr: "Messages en cours d'envoi" }
    SendingNow { en: "Sending…", fr: "Envoi…" }
    NotSent { en: "Not sent: {reason}", fr: "Non envoyé : {reason}" }
    Discard { en: "Discard", fr: "Abandonner" }
    Bold { en: "Bold", fr: "Gras" }
    Italic { en: "Italic", fr: "Italique" }
    Underline { en: "Underline", fr: "Souligné" }
    Strikethrough { en: "Strikethrough", fr: "Barré" }
    InlineCode { en: "Code", fr: "Code" }
    LinkButton { en: "Link", fr: "Lien" }
    BulletedList { en: "Bulleted list", fr: "Liste à puces" }
    NumberedList { en: "Numbered list", fr: "Liste numérotée" }
    QuoteButton { en: "Quote", fr: "Citation" }
    CodeBlock { en: "Code block", fr: "Bloc de code" }
    LinkAddress { en: "Link address", fr: "Adresse du lien" }
    ApplyLink { en: "Apply", fr: "Appliquer" }
    RemoveLink { en: "Remove link", fr: "Retirer le lien" }
    LinkNotAllowed { en: "A link must start with http://, https:// or mailto:.", fr: "Un lien doit commencer par http://, https:// ou mailto:." }
    PeopleToMention { en: "People to mention", fr: "Personnes à mentionner" }
    Thread { en: "Thread", fr: "Fil de discussion" }
    ReplyInThread { en: "Reply in the thread", fr: "Répondre dans le fil" }
    NewMessages { en: "New messages", fr: "Nouveaux messages" }
    Today { en: "Today", fr: "Aujourd'hui" }
    Yesterday { en: "Yesterday", fr: "Hier" }
    JumpToLatest { en: "Jump to latest", fr: "Aller aux derniers messages" }
    JumpTo { en: "Jump to a conversation", fr: "Aller à une conversation" }
    NewMessageFrom { en: "New message from {name} in {title}", fr: "Nouveau message de {name} dans {title}" }
    Starred { en: "Starred", fr: "Favoris" }
    Inbox { en: "Inbox", fr: "Boîte de réception" }
    Archives { en: "Archives", fr: "Archives" }
    FilterConversations { en: "Filter conversations", fr: "Filtrer les conversations" }
    NoMatch { en: "No conversation matches.", fr: "Aucune conversation ne correspond." }
    NothingArchived { en: "Nothing archived.", fr: "Rien dans les archives." }
    Star { en: "Star", fr: "Mettre en favori" }
    Unstar { en: "Unstar", fr: "Retirer des favoris" }
    MarkUnread { en: "Mark as unread", fr: "Marquer comme non lu" }
    Archive { en: "Archive", fr: "Archiver" }
    Unarchive { en: "Move to inbox", fr: "Remettre dans la boîte" }
    Follow { en: "Follow", fr: "Suivre" }
    Unfollow { en: "Unfollow", fr: "Ne plus suivre" }
    ConversationActions { en: "Conversation actions", fr: "Actions sur la conversation" }
    Search { en: "Search", fr: "Rechercher" }
    SearchMessages { en: "Search messages", fr: "Rechercher dans les messages" }
    SearchHint { en: "Find words in every message you can read.", fr: "Trouvez des mots dans tous les messages que vous pouvez lire." }
    CloseSearch { en: "Close the search", fr: "Fermer la recherche" }
    Period { en: "Period", fr: "Période" }
    AnyTime { en: "Any time", fr: "Toutes dates" }
    LastWeek { en: "Last 7 days", fr: "7 derniers jours" }
    LastMonth { en: "Last 30 days", fr: "30 derniers jours" }
    LastYear { en: "Last 12 months", fr: "12 derniers mois" }
    Author { en: "Author", fr: "Auteur" }
    Anyone { en: "Anyone", fr: "Tout le monde" }
    Project { en: "Project", fr: "Projet" }
    AnyProject { en: "All projects", fr: "Tous les projets" }
    Kind { en: "Kind", fr: "Type" }
    AnyKind { en: "All kinds", fr: "Tous les types" }
    KindDirect { en: "Direct message", fr: "Message privé" }
    KindGroup { en: "Group", fr: "Groupe" }
    KindItem { en: "Item", fr: "Élément" }
    Searching { en: "Searching…", fr: "Recherche…" }
    NoResults { en: "No message matches.", fr: "Aucun message ne correspond." }
    MoreResults { en: "More results", fr: "Plus de résultats" }
    SearchResults { en: "Search results", fr: "Résultats de la recherche" }
    Members { en: "Members", fr: "Membres" }
    GroupMembers { en: "Members of {name}", fr: "Membres de {name}" }
    EveryoneInDirectory { en: "Everyone in the project's Directory is a member, and follows its changes.", fr: "Tout l'annuaire du projet est membre, et suit ses changements." }
    AddPerson { en: "Add a person", fr: "Ajouter une personne" }
    Add { en: "Add", fr: "Ajouter" }
    Remove { en: "Remove", fr: "Retirer" }
    RemoveName { en: "Remove {name}", fr: "Retirer {name}" }
    NewConversation { en: "New conversation", fr: "Nouvelle conversation" }
    DirectMessage { en: "Direct message", fr: "Message direct" }
    StartDirectMessage { en: "Start a direct message", fr: "Démarrer un message direct" }
    NewGroup { en: "New group", fr: "Nouveau groupe" }
    WhatToStart { en: "What to start", fr: "Que démarrer" }
    CardKind { en: "Kind of conversation", fr: "Type de conversation" }
    CardCompany { en: "Company", fr: "Entreprise" }
    CardCompanyWho { en: "The participants, and the project's members who have it in their favourites (external ones only if an external participant does).", fr: "Les participants, et les membres du projet qui l'ont en favori (les externes seulement si un participant externe l'a aussi)." }
    CardConfidential { en: "Confidential", fr: "Confidentiel" }
    CardConfidentialWho { en: "The participants, and your colleagues who have the project in their favourites; no external person but the participants.", fr: "Les participants, et vos collaborateurs qui ont le projet en favori ; aucun externe hors participants." }
    CardPrivate { en: "Private", fr: "Privé" }
    CardPrivateWho { en: "Only the participants: 100 people at most, you included.", fr: "Seulement les participants : 100 personnes au plus, vous compris." }
    NoProject { en: "No project: the people of the company", fr: "Sans projet : les personnes de l'entreprise" }
    FindProject { en: "Find a project (name or number)", fr: "Chercher un projet (nom ou numéro)" }
    NoProjectFound { en: "No project matches.", fr: "Aucun projet ne correspond." }
    Participants { en: "Participants", fr: "Participants" }
    FindPeople { en: "Find people", fr: "Chercher des personnes" }
    NobodyFound { en: "Nobody matches.", fr: "Personne ne correspond." }
    NobodyChosen { en: "Nobody chosen yet.", fr: "Personne pour l'instant." }
    DistributionGroups { en: "Distribution groups", fr: "Groupes de diffusion" }
    AddName { en: "Add {name}", fr: "Ajouter {name}" }
    EveryoneInDirectoryChoice { en: "Everyone in the project's Directory, kept up to date", fr: "Tout l'annuaire du projet, tenu à jour" }
    Subject { en: "Subject", fr: "Sujet" }
    GroupName { en: "Group name", fr: "Nom du groupe" }
    FirstMessage { en: "Write the message", fr: "Écrivez le message" }
    CtrlEnterSends { en: "Ctrl+Enter to send", fr: "Ctrl+Entrée pour envoyer" }
    EnterSends { en: "Enter to send, Shift+Enter for a new line", fr: "Entrée pour envoyer, Maj+Entrée pour aller à la ligne" }
    WhoWillRead { en: "Who will be able to read it", fr: "Qui pourra la lire" }
    ChooseProjectFirst { en: "Choose the project and the participants to see who will be able to read it.", fr: "Choisissez le projet et les participants pour voir qui pourra la lire." }
    ReadersOne { en: "{count} person", fr: "{count} personne" }
    ReadersOther { en: "{count} people", fr: "{count} personnes" }
    CreateGroup { en: "Create the group", fr: "Créer le groupe" }
    Starting { en: "Starting…", fr: "Démarrage…" }
    ChooseProject { en: "Choose the project.", fr: "Choisissez le projet." }
    ChoosePeople { en: "Choose at least one other person.", fr: "Choisissez au moins une autre personne." }
    TooManyInDirect { en: "100 people at most in a private conversation, you included.", fr: "100 personnes au plus dans une conversation privée, vous compris." }
    TooManyInGroup { en: "2,000 members at most in a group.", fr: "2 000 membres au plus dans un groupe." }
    NotInDirectory { en: "Someone chosen is not in the project's Directory.", fr: "Une personne choisie n'est pas dans l'annuaire du projet." }
    SubjectLength { en: "Give it a subject (200 characters at most).", fr: "Donnez-lui un sujet (200 caractères au plus)." }
    GroupNameLength { en: "Give the group a name (100 characters at most).", fr: "Donnez un nom au groupe (100 caractères au plus)." }
    MessageTooLong { en: "The message is too long.", fr: "Le message est trop long." }
    LinkRefused { en: "Links must start with http, https or mailto.", fr: "Les liens doivent commencer par http, https ou mailto." }
    MessageRefused { en: "Write the message.", fr: "Écrivez le message." }
}

/// The language on screen and its locale's formatters, shared through context.
#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
    locale: StoredValue<Locale, LocalStorage>,
}

/// Where the chosen language is remembered in the browser.
const STORAGE_KEY: &str = "parlons.lang";

/// The language to start in: the one chosen before, else the browser's.
pub fn initial_lang() -> Lang {
    let window = web_sys::window();
    let chosen = window
        .as_ref()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten());
    let tag = chosen.or_else(|| window.and_then(|w| w.navigator().language()));
    tag.as_deref().map_or(Lang::En, Lang::from_tag)
}

/// Provides the language to the component tree.
pub fn provide_i18n(lang: Lang) -> I18n {
    let i18n = I18n::new(lang);
    provide_context(i18n);
    mark_page(lang);
    i18n
}

/// Tells the browser (and screen readers) the page's language.
fn mark_page(lang: Lang) {
    if let Some(html) =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element())
    {
        let _ = html.set_attribute("lang", lang.tag());
    }
}

/// The language provided by [`provide_i18n`] (English if none, as in isolated tests).
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n::new(Lang::En))
}

/// A text that follows the language on screen, for views: `{tr(Key::Send)}`. All of them
/// share one closure type, which keeps the app's size down.
pub fn tr(key: impl Text) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || i18n.t(key)
}

impl I18n {
    /// The texts and formatters of a language (the app provides one with [`provide_i18n`]).
    pub(crate) fn new(lang: Lang) -> Self {
        Self { lang: RwSignal::new(lang), locale: StoredValue::new_local(Locale::new(lang)) }
    }

    /// The language on screen (tracked).
    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    /// Switches language, and remembers the choice in this browser.
    pub fn set(&self, lang: Lang) {
        self.locale.set_value(Locale::new(lang));
        self.lang.set(lang);
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.set_item(STORAGE_KEY, lang.tag());
        }
        if let Some(html) =
            web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element())
        {
            let _ = html.set_attribute("lang", lang.tag());
        }
    }

    /// A text in the language on screen (tracked).
    pub fn t(&self, key: impl Text) -> &'static str {
        key.text(self.lang())
    }

    /// Reads the locale's formatters (tracked: they change with the language).
    pub fn with_locale<T>(&self, read: impl FnOnce(&Locale) -> T) -> T {
        self.lang.track();
        self.locale.with_value(read)
    }

    /// A counted text, in the plural form the count takes in the language on screen, its
    /// `{count}` written as the locale writes numbers (tracked).
    pub fn count<K: Text>(&self, one: K, other: K, n: u32) -> String {
        let (plural, number) = self.with_locale(|locale| (locale.plural(n), locale.number(n)));
        let key = match plural {
            Plural::One => one,
            Plural::Other => other,
        };
        self.fill(key, &[("count", &number)])
    }

    /// A text with its `{name}` placeholders filled (tracked).
    pub fn fill(&self, key: impl Text, values: &[(&str, &str)]) -> String {
        fill_in(self.t(key), values)
    }
}

/// `text` with its `{name}` placeholders filled; not generic, so that its code exists once.
fn fill_in(text: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(text.to_owned(), |text, (name, value)| text.replace(&format!("{{{name}}}"), value))
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn every_text_exists_in_both_languages_with_the_same_placeholders() {
        let admin = crate::admin::text::AdminKey::ALL
            .iter()
            .map(|key| (format!("{key:?}"), key.text(Lang::En), key.text(Lang::Fr)));
        let app =
            Key::ALL.iter().map(|key| (format!("{key:?}"), key.text(Lang::En), key.text(Lang::Fr)));
        for (key, en, fr) in app.chain(admin) {
            assert!(!en.trim().is_empty() && !fr.trim().is_empty(), "{key}");
            let holes = |text: &str| {
                let mut holes: Vec<String> = text
                    .split('{')
                    .skip(1)
                    .filter_map(|s| s.split('}').next())
                    .map(str::to_owned)
                    .collect();
                holes.sort();
                holes
            };
            assert_eq!(holes(en), holes(fr), "{key} has the same placeholders in both languages");
        }
    }

    #[wasm_bindgen_test]
    fn counts_take_the_plural_of_the_language_on_screen() {
        let i18n = I18n::new(Lang::Fr);
        let unread = |n| i18n.count(Key::UnreadOne, Key::UnreadOther, n);
        assert_eq!([unread(0), unread(1), unread(2)], ["0 non lu", "1 non lu", "2 non lus"]);
        i18n.lang.set(Lang::En);
        i18n.locale.set_value(Locale::for_tag("en-US".into()));
        assert_eq!([unread(0), unread(1), unread(1234)], ["0 unread", "1 unread", "1,234 unread"]);
        assert_eq!(i18n.count(Key::RepliesOne, Key::RepliesOther, 1), "1 reply");
    }

    #[wasm_bindgen_test]
    fn browser_tags_choose_the_language() {
        assert_eq!(Lang::from_tag("fr-CA"), Lang::Fr);
        assert_eq!(Lang::from_tag("FR"), Lang::Fr);
        assert_eq!(Lang::from_tag("en-US"), Lang::En);
        assert_eq!(Lang::from_tag("de-DE"), Lang::En);
    }
}
