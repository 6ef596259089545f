/// mimalloc rather than the system allocator: the import's checks allocate and free a
/// record's longer texts a row at a time, and glibc's `free` alone was an eighth of the
/// check stage (see `examples/bench_import.rs`).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    frontdesk::cli::main()
}
