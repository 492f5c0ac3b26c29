use clap::Parser as _;

// Bulk work (imports, issuing, mail) allocates much at once on many threads:
// glibc's per-thread arenas kept it for good; jemalloc's background threads
// hand freed memory back to the system within seconds.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

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
