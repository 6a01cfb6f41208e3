//! With the `split` feature (release web builds), the linker keeps the relocations that
//! `scripts/split.mjs` reads to cut the dialogs out of the app's wasm into modules of their own.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let split = std::env::var_os("CARGO_FEATURE_SPLIT").is_some();
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    if split && wasm {
        println!("cargo:rustc-link-arg-bin=planform-web=--emit-relocs");
    }
}
