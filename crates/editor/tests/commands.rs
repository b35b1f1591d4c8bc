//! Any sequence of commands, over any selections: nothing panics, the selection stays in the
//! document, what the editor would send is a valid body (or nothing, when blank), and undoing
//! everything gives back the empty document.

use parlons_api::UserId;
use parlons_api::rich_text::Mark;
use parlons_editor::convert::{from_document, to_document};
use parlons_editor::{Command, EditorState, LineKind, Pos, Selection};
use proptest::prelude::*;

fn command() -> impl Strategy<Value = Command> {
    let pos = (0usize..6, 0usize..30).prop_map(|(line, offset)| Pos::new(line, offset));
    prop_oneof![
        6 => "[a-zé *@\\-1.>`]{1,3}".prop_map(Command::InsertText),
        1 => "[a-z]{0,4}\n[a-z ]{0,4}".prop_map(Command::InsertText),
        2 => Just(Command::DeleteBackward),
        1 => Just(Command::DeleteForward),
        1 => Just(Command::DeleteWordBackward),
        2 => Just(Command::SplitLine),
        2 => prop::sample::select(Mark::ALL.to_vec()).prop_map(Command::ToggleMark),
        2 => prop::sample::select(vec![LineKind::Paragraph, LineKind::Bullet, LineKind::Ordered, LineKind::Quote, LineKind::Code])
            .prop_map(Command::ToggleLineKind),
        1 => Just(Command::Indent),
        1 => Just(Command::Outdent),
        1 => prop_oneof![Just(None), Just(Some("https://plans.example/d".to_owned()))].prop_map(Command::SetLink),
        1 => Just(Command::InsertMention { user: UserId(5), name: "Emma Petit".to_owned() }),
        3 => (pos.clone(), pos).prop_map(|(anchor, focus)| Command::Select(Selection { anchor, focus })),
        1 => Just(Command::Undo),
        1 => Just(Command::Redo),
    ]
}

proptest! {
    #[test]
    fn any_commands_keep_the_editor_sound(commands in proptest::collection::vec(command(), 1..60)) {
        let mut state = EditorState::default();
        for command in commands {
            state.apply(command);
            let selection = state.selection();
            for pos in [selection.anchor, selection.focus] {
                prop_assert!(pos.line < state.doc().lines().len());
                prop_assert!(pos.offset <= state.doc().line(pos.line).len());
            }
            let body = to_document(state.doc());
            match state.doc().is_blank() {
                true => {}
                false => {
                    prop_assert_eq!(body.validate(), Ok(()), "{:?}", state.doc());
                    // Sent and edited again, it says the same.
                    prop_assert_eq!(to_document(&from_document(&body)), body);
                }
            }
        }
        while state.apply(Command::Undo) {}
        prop_assert!(state.doc().is_blank());
    }
}
