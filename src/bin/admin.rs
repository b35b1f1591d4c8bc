//! The admin pages' entry point (`/admin`), built beside the app by scripts/build-wasm.mjs.

fn main() {
    parlons::admin::mount();
}
