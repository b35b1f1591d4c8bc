//! Changing a group's members: the project's Directory to choose from, and each change saved
//! at once, its answer put in the conversation list.

use leptos::prelude::*;
use leptos::task::spawn_local;
use parlons_api::{ConversationId, DirectoryMember, ProjectId, UpdateGroup, UserId};

use super::conversations::Conversations;
use crate::api::{self, ApiError};

/// One group being edited, for as long as its dialog is open.
#[derive(Clone, Copy)]
pub struct GroupEditor {
    group: ConversationId,
    conversations: Conversations,
    directory: RwSignal<Vec<DirectoryMember>>,
    saving: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
}

impl GroupEditor {
    /// Starts editing a group of this project: loads the project's Directory.
    pub fn new(conversations: Conversations, group: ConversationId, project: ProjectId) -> Self {
        let editor = Self {
            group,
            conversations,
            directory: RwSignal::new(Vec::new()),
            saving: RwSignal::new(false),
            error: RwSignal::new(None),
        };
        spawn_local(async move {
            match api::directory(project).await {
                Ok(people) => editor.directory.set(people),
                Err(failure) => editor.error.set(Some(failure)),
            }
        });
        editor
    }

    /// The project's Directory, once loaded.
    pub fn directory(&self) -> ReadSignal<Vec<DirectoryMember>> {
        self.directory.read_only()
    }

    /// Whether a change is on its way.
    pub fn saving(&self) -> ReadSignal<bool> {
        self.saving.read_only()
    }

    /// Why the last load or change failed, if it did.
    pub fn error(&self) -> ReadSignal<Option<ApiError>> {
        self.error.read_only()
    }

    /// Saves the group's new list of members.
    pub fn save(&self, members: Vec<UserId>) {
        let this = *self;
        this.saving.set(true);
        this.error.set(None);
        spawn_local(async move {
            let request = UpdateGroup { member_ids: Some(members), ..UpdateGroup::default() };
            match api::update_group(this.group, &request).await {
                Ok(summary) => this.conversations.upsert(summary),
                Err(failure) => this.error.set(Some(failure)),
            }
            this.saving.set(false);
        });
    }
}
