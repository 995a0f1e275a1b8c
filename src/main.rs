//! The `terrace` binary: parse arguments, run the command, exit with its code.

/// Evaluation allocates many small values; mimalloc handles that pattern far better
/// than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let code = terrace::cli::main(std::env::args_os().collect());
    std::process::exit(code);
}
