use clap::Parser as _;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    cursus::telemetry::init();
    match cursus::cli::run(cursus::cli::Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("cursus: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
