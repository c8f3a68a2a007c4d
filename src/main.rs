fn main() -> std::process::ExitCode {
    clerkdesk::cli::main()
}
