//! Regenerates ui/src/bindings/ from the Rust types and fails when the committed files differ, so the TS
//! types can never drift from the commands (style.md habit 2). After a failure the files on disk are the
//! new ones: review and commit them.

use std::collections::BTreeMap;
use std::path::Path;

use crate::commands::{command_entries, event_entries};
use crate::ipc::schema::{write_bindings, TsRef};

fn read_dir_files(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "ts") {
            let name = path.file_name().expect("file name").to_string_lossy().into_owned();
            files.insert(name, std::fs::read_to_string(&path).expect("read binding"));
        }
    }
    files
}

#[test]
fn committed_ts_bindings_match_the_rust_types() {
    let fresh = tempfile::tempdir().expect("temp dir");
    let extra = [TsRef::of::<crate::ipc::IpcError>()];
    write_bindings(fresh.path(), &command_entries(), &event_entries(), &extra).expect("generate bindings");
    // The words for codes: desk's vocabularies as data (one table each, zh-CN + English).
    std::fs::write(fresh.path().join("vocab.ts"), desk::vocab::ts_module()).expect("write vocab.ts");
    let want = read_dir_files(fresh.path());
    assert!(want.contains_key("commands.ts"), "commands.ts must be generated");
    // JSON hands the UI a number, never a BigInt: an i64/u64 field needs `#[ts(type = "number")]` (our
    // integers — fen, row numbers, byte counts — stay far below 2^53).
    let bigint: Vec<&String> = want.iter().filter(|(_, text)| text.contains("bigint")).map(|(n, _)| n).collect();
    assert!(bigint.is_empty(), "{bigint:?} type a 64-bit integer as bigint; add #[ts(type = \"number\")]");

    let committed_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings");
    std::fs::create_dir_all(&committed_dir).expect("create ui/src/bindings");
    let have = read_dir_files(&committed_dir);
    if have == want {
        return;
    }
    for name in have.keys().filter(|n| !want.contains_key(*n)) {
        std::fs::remove_file(committed_dir.join(name)).expect("remove stale binding");
    }
    for (name, text) in &want {
        std::fs::write(committed_dir.join(name), text).expect("write binding");
    }
    let changed: Vec<&String> = want
        .keys()
        .filter(|n| have.get(*n) != want.get(*n))
        .chain(have.keys().filter(|n| !want.contains_key(*n)))
        .collect();
    panic!("ui/src/bindings was out of date and has been regenerated ({changed:?}); review and commit it");
}
