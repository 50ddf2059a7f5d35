// Most of a run is many small allocations (parse trees, facts, strings) on
// every core at once; mimalloc's per-thread heaps spend less on them than
// glibc's malloc (measured in bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    llmlint::cli::main()
}
