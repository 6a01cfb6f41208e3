//! The `planform` command-line tool (host only; see `planform::cli`).

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    // The clock is the binary's: the core and `cli::run` stay functions of their input.
    if let Ok(since) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        planform::core::chart::set_today((since.as_secs() / 86_400) as i64);
    }
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
