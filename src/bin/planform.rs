//! The `planform` command-line tool (host only; see `planform::cli`).

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let code = planform::cli::run(
        std::env::args_os().collect(),
        &mut std::io::stdin().lock(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    std::process::exit(code);
}

#[cfg(target_arch = "wasm32")]
fn main() {}
