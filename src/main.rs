//! The `terrace` binary: parse arguments, run the command, exit with its code.

fn main() {
    let code = terrace::cli::main(std::env::args_os().collect());
    std::process::exit(code);
}
