//! The bill importer's header mapping and cell parsing (desk's bills/columns.rs, compiled from its source
//! like field_checks): any header maps without a panic, each known field claims a distinct existing
//! column, and money that parses prints back to the same fen.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
#[path = "../../desk/src/services/bill/columns.rs"]
mod columns;

fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    for name in ["6666_order_20261130.csv", "6666_settle_20261130.csv", "sheet"] {
        let m = columns::map_header(&header, name);
        assert_eq!(m.index.len(), m.kind.fields().len(), "one slot per known field");
        let mut seen = std::collections::HashSet::new();
        for i in m.index.iter().flatten() {
            assert!(*i < header.len() && seen.insert(*i), "field columns are distinct and exist: {:?}", m.index);
        }
        assert_eq!(seen.len() + m.unknown.len(), header.len(), "every column is claimed or kept as unknown");
    }
    for cell in lines.flat_map(|l| l.split(',')) {
        if let Ok(f) = columns::parse_fen(cell) {
            assert_eq!(columns::parse_fen(&yuan(f)), Ok(f), "{cell:?} -> {f} does not print back");
        }
        let _ = columns::parse_count(cell);
        let d = columns::date8(cell);
        assert!(d.len() <= cell.len(), "date8 never grows a cell: {cell:?} -> {d:?}");
        let _ = columns::normalize(cell);
    }
});
