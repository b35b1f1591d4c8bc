//! The admin pages' texts, French and English: declared apart from the app's [`crate::i18n::Key`]
//! so that the Conversations app, a separate download, does not carry them.

use crate::i18n::texts;

texts! {
    AdminKey;
    Administration { en: "Administration", fr: "Administration" }
    AdminNav { en: "Administration sections", fr: "Rubriques de l'administration" }
    BackToApp { en: "Back to Conversations", fr: "Retour aux conversations" }
    SettingsTab { en: "Settings", fr: "Réglages" }
    TokenTab { en: "Integration token", fr: "Jeton d'intégration" }
    ExportTab { en: "Export", fr: "Export" }
    AuditTab { en: "Audit log", fr: "Journal d'audit" }

    SettingsTitle { en: "Conversations settings", fr: "Réglages de Conversations" }
    SettingsIntro { en: "These settings apply to the whole company, at once, in every open window.", fr: "Ces réglages valent pour toute l'entreprise, immédiatement, dans chaque fenêtre ouverte." }
    AudienceTitle { en: "Who may use Conversations", fr: "Qui peut utiliser Conversations" }
    AudienceHint { en: "External users are your subcontractors and clients. Left out, they see no conversation at all.", fr: "Les utilisateurs externes sont vos sous-traitants et vos clients. Exclus, ils ne voient plus aucune conversation." }
    AudienceAll { en: "Every user of the projects' Directories, internal or external", fr: "Tous les utilisateurs des annuaires des projets, internes ou externes" }
    AudienceInternal { en: "Internal employees only", fr: "Les employés internes seulement" }
    ProjectsTitle { en: "On which projects", fr: "Sur quels projets" }
    ProjectsHint { en: "On a project without Conversations, nobody sees or starts its conversations.", fr: "Sur un projet sans Conversations, personne ne voit ni ne commence ses conversations." }
    ProjectsAll { en: "All current and future projects", fr: "Tous les projets, actuels et futurs" }
    ProjectsSelected { en: "Selected projects only", fr: "Les projets choisis seulement" }
    FindProject { en: "Find a project", fr: "Chercher un projet" }
    NoProjectMatches { en: "No project matches.", fr: "Aucun projet ne correspond." }
    SelectedCount { en: "{count} selected", fr: "{count} choisi(s)" }
    DirectTitle { en: "Direct messages", fr: "Messages directs" }
    DirectHint { en: "Private conversations between chosen people, in a project or not. Turned off, they disappear from every list.", fr: "Les conversations privées entre personnes choisies, dans un projet ou non. Désactivés, ils disparaissent de toutes les listes." }
    DirectEveryone { en: "Everyone may start them", fr: "Tout le monde peut en commencer" }
    DirectInternal { en: "Internal employees only may start them", fr: "Seuls les employés internes peuvent en commencer" }
    DirectOff { en: "Off", fr: "Désactivés" }
    ItemsTitle { en: "Item conversations", fr: "Conversations des éléments" }
    ItemsHint { en: "Each RFI, submittal or other item of your tools has its own conversation, shown beside it.", fr: "Chaque demande d'information, soumission ou autre élément de vos outils a sa propre conversation, affichée à côté." }
    ItemsOn { en: "Items have conversations", fr: "Les éléments ont des conversations" }
    EditTitle { en: "Editing and deleting", fr: "Modification et suppression" }
    EditHint { en: "Authors may correct or delete their own message during the 5 minutes after sending it.", fr: "Les auteurs peuvent corriger ou supprimer leur propre message pendant les 5 minutes qui suivent son envoi." }
    EditOn { en: "Authors may edit and delete within 5 minutes", fr: "Les auteurs peuvent modifier et supprimer pendant 5 minutes" }
    GroupsTitle { en: "Groups", fr: "Groupes" }
    GroupsHint { en: "Who may create groups and change their names and members.", fr: "Qui peut créer des groupes et changer leur nom et leurs membres." }
    GroupsAdmins { en: "Company admins", fr: "Les administrateurs de l'entreprise" }
    GroupsInternal { en: "Internal employees", fr: "Les employés internes" }
    GroupsEveryone { en: "Everyone in the project's Directory", fr: "Tout l'annuaire du projet" }
    WidgetTitle { en: "Sites that may embed the item panel", fr: "Sites autorisés à intégrer le panneau des éléments" }
    WidgetHint { en: "The addresses of your tools whose pages show an item's conversation in their sidebar, one per line (https://tool.example.com). No other site may show it.", fr: "Les adresses de vos outils dont les pages affichent la conversation d'un élément dans leur barre latérale, une par ligne (https://outil.exemple.fr). Aucun autre site ne peut l'afficher." }
    Save { en: "Save", fr: "Enregistrer" }
    Saving { en: "Saving…", fr: "Enregistrement…" }
    Saved { en: "Settings saved. They apply now, in every open window.", fr: "Réglages enregistrés. Ils s'appliquent dès maintenant, dans chaque fenêtre ouverte." }
    NotAnOrigin { en: "“{origin}” is not a site address: write it as https://tool.example.com, a port if needed, no path.", fr: "« {origin} » n'est pas l'adresse d'un site : écrivez-la comme https://outil.exemple.fr, avec un port s'il le faut, sans chemin." }
    TooManyOrigins { en: "At most {count} sites may embed the panel.", fr: "Au plus {count} sites peuvent intégrer le panneau." }

    TokenTitle { en: "Integration token", fr: "Jeton d'intégration" }
    TokenIntro { en: "Your tools use this token, server to server, to tell Parlons about your people, projects, Directories and items, and to open the item panel for a user.", fr: "Vos outils utilisent ce jeton, de serveur à serveur, pour informer Parlons de vos personnes, projets, annuaires et éléments, et pour ouvrir le panneau d'un élément à un utilisateur." }
    TokenWarning { en: "A new token replaces the current one at once: every tool still using the old one stops working until it gets the new one.", fr: "Un nouveau jeton remplace l'actuel immédiatement : tout outil qui utilise encore l'ancien cesse de fonctionner jusqu'à ce qu'il reçoive le nouveau." }
    NewToken { en: "Create a new token", fr: "Créer un nouveau jeton" }
    ConfirmNewToken { en: "Yes, replace the current token", fr: "Oui, remplacer le jeton actuel" }
    Cancel { en: "Cancel", fr: "Annuler" }
    Creating { en: "Creating…", fr: "Création…" }
    TokenShownOnce { en: "Copy it now: it is shown only once.", fr: "Copiez-le maintenant : il ne sera plus affiché." }
    TokenLabel { en: "New token", fr: "Nouveau jeton" }
    Copy { en: "Copy", fr: "Copier" }
    Copied { en: "Copied", fr: "Copié" }

    ExportTitle { en: "Export conversations", fr: "Exporter les conversations" }
    ExportIntro { en: "Every conversation of the company with messages in the period, with those messages, their former versions and deleted text, as one JSON file. Each export is recorded in the audit log.", fr: "Toutes les conversations de l'entreprise ayant des messages dans la période, avec ces messages, leurs versions précédentes et le texte supprimé, dans un fichier JSON. Chaque export est inscrit au journal d'audit." }
    FromDay { en: "From", fr: "Du" }
    ToDay { en: "To (included)", fr: "Au (inclus)" }
    Download { en: "Download the export", fr: "Télécharger l'export" }
    PeriodBackwards { en: "The first day must not come after the last.", fr: "Le premier jour ne doit pas venir après le dernier." }
    ExportStarted { en: "The download has started; the export is in the audit log.", fr: "Le téléchargement a commencé ; l'export figure au journal d'audit." }

    AuditTitle { en: "Audit log", fr: "Journal d'audit" }
    AuditIntro { en: "What company admins did that they must answer for: exports, settings changes, new integration tokens.", fr: "Ce que les administrateurs de l'entreprise ont fait et dont ils doivent répondre : exports, changements de réglages, nouveaux jetons d'intégration." }
    ActionFilter { en: "Show", fr: "Afficher" }
    AllActions { en: "Every action", fr: "Toutes les actions" }
    Exports { en: "Exports", fr: "Exports" }
    SettingsChanges { en: "Settings changes", fr: "Changements de réglages" }
    TokenRotations { en: "New integration tokens", fr: "Nouveaux jetons d'intégration" }
    When { en: "When", fr: "Quand" }
    Who { en: "Who", fr: "Qui" }
    What { en: "What", fr: "Quoi" }
    DidExport { en: "Exported the conversations from {from} to {to}", fr: "A exporté les conversations du {from} au {to}" }
    DidChangeSettings { en: "Changed the Conversations settings", fr: "A changé les réglages de Conversations" }
    DidRotateToken { en: "Created a new integration token", fr: "A créé un nouveau jeton d'intégration" }
    NothingYet { en: "Nothing recorded yet.", fr: "Rien d'inscrit pour l'instant." }
    ShowOlder { en: "Show older entries", fr: "Afficher les entrées plus anciennes" }
}
