fn main() -> std::process::ExitCode {
    llmlint::cli::main()
}
