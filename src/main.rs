//! The web app's entry: mount, nothing else.

#[cfg(target_arch = "wasm32")]
fn main() {
    planform::web::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("planform-web is the WebAssembly app: build it with `trunk build --release`");
}
