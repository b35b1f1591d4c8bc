//! The SPA's entry point (built by Trunk).

fn main() {
    parlons::mount();
}
