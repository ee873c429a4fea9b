use clap::Parser;

fn main() {
    let cli = lichtruc::cli::Cli::parse();
    std::process::exit(lichtruc::cli::run(cli));
}
