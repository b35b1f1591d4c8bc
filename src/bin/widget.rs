//! The item panel's entry point (`/embed/items/{tool}/{item}`), built beside the app by
//! scripts/build-wasm.mjs.

fn main() {
    parlons::widget::mount();
}
