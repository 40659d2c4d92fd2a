//! Embeds every `migrations/*.sql` file, sorted by its timestamp name, into the binary.
//! Generating the list (instead of a hand-kept array) lets several engineers add tables in their own
//! migration files without touching a shared list.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("crates/desk/migrations exists")
        .map(|e| e.expect("readable dir entry").file_name().into_string().expect("UTF-8 migration name"))
        .filter(|n| n.ends_with(".sql"))
        .collect();
    names.sort();
    let mut out = String::from(
        "/// (name, sql) of every migration, oldest first.\npub static MIGRATIONS: &[(&str, &str)] = &[\n",
    );
    for n in &names {
        assert!(
            n.len() > 15 && n[..14].bytes().all(|b| b.is_ascii_digit()) && n.as_bytes()[14] == b'_',
            "migration {n} must be named YYYYMMDDHHMMSS_what.sql so that order is the name order"
        );
        println!("cargo:rerun-if-changed={}", dir.join(n).display());
        writeln!(out, "    ({n:?}, include_str!({:?})),", dir.join(n).display().to_string()).unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("migrations.rs");
    std::fs::write(dest, out).expect("write migrations.rs");
}
