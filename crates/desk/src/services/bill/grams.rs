//! The order-id text index of imported trade rows, so that "an order id contains …" costs what it finds,
//! not the size of the table (issue 15).
//!
//! Why not FTS5's trigram tokenizer: measured on this project's machine, filling it cost about 3.5× the
//! plain insert of the same rows (6 µs against 1.7 µs a row), which alone would have halved import
//! speed, and its `detail=none` form (the cheap one) cannot run the phrase queries a substring needs.
//! This index keeps only what the search needs, built on the importer's thread from the values it binds
//! anyway:
//!
//! - the six id columns of a row are cut into trigrams over 37 symbols: ASCII digits, ASCII letters
//!   folded to one case (LIKE ignores ASCII case), and one symbol for every other byte;
//! - for each chunk of consecutive row ids (the importer's commit chunk) and each trigram found in it,
//!   one row in `bill_trade_grams` lists which rows of the chunk hold it: a varint delta list, or a
//!   bitmap when that is smaller (a trigram in most rows, like a fixed id prefix, costs one bit a row);
//! - a search takes up to [`MAX_QUERY_GRAMS`] trigrams of the text and keeps the rows that hold all of
//!   them. Every row whose ids contain the text holds every trigram of it, so that is a superset of the
//!   answer; the caller's LIKE filter then keeps exactly the true matches. A text shorter than three
//!   symbols narrows nothing and is answered by scanning.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Error;

/// The id columns the text search covers (query.rs filters the same six).
pub(crate) const ID_COLUMNS: [&str; 6] =
    ["hf_seq_id", "req_seq_id", "party_order_id", "out_trans_id", "org_hf_seq_id", "org_req_seq_id"];

const SYMBOLS: usize = 37;
/// Distinct trigram codes.
const GRAMS: usize = SYMBOLS * SYMBOLS * SYMBOLS;
/// At most this many trigrams of a search text are looked up (spread over the text): more narrow the
/// candidates little and cost a lookup per chunk each.
pub(crate) const MAX_QUERY_GRAMS: usize = 8;

/// 0 for any byte but ASCII digits and letters, 1..=10 digits, 11..=36 letters of either case.
fn symbol(b: u8) -> usize {
    match b {
        b'0'..=b'9' => 1 + (b - b'0') as usize,
        b'a'..=b'z' => 11 + (b - b'a') as usize,
        b'A'..=b'Z' => 11 + (b - b'A') as usize,
        _ => 0,
    }
}

/// The trigram codes of `text`, in order (repeats included).
fn grams_of(text: &[u8]) -> impl Iterator<Item = usize> + '_ {
    text.windows(3).map(|w| (symbol(w[0]) * SYMBOLS + symbol(w[1])) * SYMBOLS + symbol(w[2]))
}

/// Collects, for one chunk of rows at a time, which rows hold each trigram (rows named by their offset
/// from the chunk's first id, which the writer knows); [`GramIndex::write`] stores the chunk. Memory: a
/// slot per trigram code and four bytes per (row, distinct trigram).
pub(crate) struct GramIndex {
    /// One past the largest offset added (the chunk covers first_id .. first_id + span).
    span: u32,
    /// Per trigram: 1 + the offset of the last row that added it (0 = none this chunk): dedupes a
    /// trigram that occurs twice in a row.
    last: Vec<u32>,
    /// Per trigram: the offsets of the rows holding it, ascending.
    lists: Vec<Vec<u32>>,
    /// Trigrams with a non-empty list this chunk.
    used: Vec<u32>,
}

impl GramIndex {
    pub(crate) fn new() -> GramIndex {
        GramIndex { span: 0, last: vec![0; GRAMS], lists: (0..GRAMS).map(|_| Vec::new()).collect(), used: Vec::new() }
    }

    /// Adds the row at `offset` from the chunk's first id (offsets ascend) with its id columns.
    pub(crate) fn add(&mut self, offset: u32, ids: &[&str]) {
        debug_assert!(offset + 1 >= self.span, "offsets ascend within a chunk");
        self.span = offset + 1;
        for text in ids {
            for g in grams_of(text.as_bytes()) {
                if self.last[g] != offset + 1 {
                    if self.last[g] == 0 {
                        self.used.push(g as u32);
                    }
                    self.last[g] = offset + 1;
                    self.lists[g].push(offset);
                }
            }
        }
    }

    /// Stores the chunk whose offset 0 is row `first_id` (one row per trigram, in code order, so the
    /// inserts append) and starts anew.
    pub(crate) fn write(&mut self, conn: &Connection, import_id: i64, first_id: i64) -> Result<(), Error> {
        if self.span == 0 {
            return Ok(());
        }
        conn.execute(
            "INSERT INTO bill_trade_chunks(import_id, first_id, span) VALUES (?1, ?2, ?3)",
            params![import_id, first_id, self.span],
        )?;
        let mut st = conn
            .prepare_cached("INSERT INTO bill_trade_grams(import_id, first_id, gram, rows) VALUES (?1, ?2, ?3, ?4)")?;
        self.used.sort_unstable();
        let mut blob = Vec::new();
        for &g in &self.used {
            let list = &mut self.lists[g as usize];
            encode(list, self.span, &mut blob);
            st.execute(params![import_id, first_id, g, blob])?;
            list.clear();
            self.last[g as usize] = 0;
        }
        self.used.clear();
        self.span = 0;
        Ok(())
    }
}

fn varint_len(v: u32) -> usize {
    match v {
        0..=0x7f => 1,
        0x80..=0x3fff => 2,
        0x4000..=0x1f_ffff => 3,
        0x20_0000..=0xfff_ffff => 4,
        _ => 5,
    }
}

/// `list` (ascending offsets below `span`) as `0, varint deltas…` or `1, bitmap`, whichever is smaller.
fn encode(list: &[u32], span: u32, out: &mut Vec<u8>) {
    out.clear();
    let bitmap = (span as usize).div_ceil(8);
    let mut prev = 0u32;
    let varints: usize = list
        .iter()
        .map(|&o| {
            let d = o - prev;
            prev = o;
            varint_len(d)
        })
        .sum();
    if bitmap < varints {
        out.push(1);
        out.resize(1 + bitmap, 0);
        for &o in list {
            out[1 + (o / 8) as usize] |= 1 << (o % 8);
        }
    } else {
        out.push(0);
        let mut prev = 0u32;
        for &o in list {
            let mut d = o - prev;
            prev = o;
            while d >= 0x80 {
                out.push((d as u8 & 0x7f) | 0x80);
                d >>= 7;
            }
            out.push(d as u8);
        }
    }
}

/// ANDs the offsets in `blob` into `bits` (one bit per offset of the chunk). A malformed blob keeps
/// every row (a superset is always safe: the LIKE filter decides).
fn and_into(blob: &[u8], bits: &mut [u64]) {
    match blob.first() {
        Some(1) => {
            let bytes = &blob[1..];
            for (i, w) in bits.iter_mut().enumerate() {
                let mut b = [0u8; 8];
                let start = (i * 8).min(bytes.len());
                let end = (start + 8).min(bytes.len());
                b[..end - start].copy_from_slice(&bytes[start..end]);
                *w &= u64::from_le_bytes(b);
            }
        }
        Some(0) => {
            let mut keep = vec![0u64; bits.len()];
            let (mut prev, mut d, mut shift) = (0u32, 0u32, 0u32);
            for &byte in &blob[1..] {
                d |= ((byte & 0x7f) as u32) << shift;
                if byte & 0x80 != 0 {
                    shift += 7;
                    continue;
                }
                prev += d;
                let (word, bit) = ((prev / 64) as usize, prev % 64);
                if let Some(w) = keep.get_mut(word) {
                    *w |= 1 << bit;
                }
                d = 0;
                shift = 0;
            }
            for (w, k) in bits.iter_mut().zip(keep) {
                *w &= k;
            }
        }
        _ => {}
    }
}

/// Up to [`MAX_QUERY_GRAMS`] distinct trigram codes of `text`, spread over it; None when the text has
/// fewer than three bytes (nothing to narrow by).
pub(crate) fn query_grams(text: &str) -> Option<Vec<usize>> {
    let mut all: Vec<usize> = grams_of(text.as_bytes()).collect();
    if all.is_empty() {
        return None;
    }
    let mut seen = std::collections::HashSet::new();
    all.retain(|g| seen.insert(*g));
    if all.len() <= MAX_QUERY_GRAMS {
        return Some(all);
    }
    let step = all.len() as f64 / MAX_QUERY_GRAMS as f64;
    Some((0..MAX_QUERY_GRAMS).map(|i| all[((i as f64 * step) as usize).min(all.len() - 1)]).collect())
}

/// The ids of rows of `import_id` that hold every one of `grams` (a superset of the rows whose ids
/// contain the text they came from), ascending, appended to `out`.
pub(crate) fn candidates(conn: &Connection, import_id: i64, grams: &[usize], out: &mut Vec<i64>) -> Result<(), Error> {
    let mut chunks =
        conn.prepare_cached("SELECT first_id, span FROM bill_trade_chunks WHERE import_id = ?1 ORDER BY first_id")?;
    let mut one =
        conn.prepare_cached("SELECT rows FROM bill_trade_grams WHERE import_id = ?1 AND first_id = ?2 AND gram = ?3")?;
    let list: Vec<(i64, u32)> =
        chunks.query_map([import_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
    let mut bits = Vec::new();
    'chunk: for (first_id, span) in list {
        bits.clear();
        bits.resize((span as usize).div_ceil(64), u64::MAX);
        for &g in grams {
            let blob: Option<Vec<u8>> =
                one.query_row(params![import_id, first_id, g as i64], |r| r.get(0)).optional()?;
            match blob {
                Some(b) => and_into(&b, &mut bits),
                None => continue 'chunk, // no row of this chunk holds it
            }
        }
        for (i, &w) in bits.iter().enumerate() {
            let mut w = w;
            while w != 0 {
                let bit = w.trailing_zeros() as u64;
                let offset = i as u64 * 64 + bit;
                if offset < span as u64 {
                    out.push(first_id + offset as i64);
                }
                w &= w - 1;
            }
        }
    }
    Ok(())
}

/// Builds the index of an import made before it existed (`text_indexed` 0), in one transaction on
/// `conn`, from its rows in id order.
pub(crate) fn index_import(conn: &Connection, import_id: i64) -> Result<(), Error> {
    let mut idx = GramIndex::new();
    let sql = format!("SELECT id, {} FROM bill_trades WHERE import_id = ?1 ORDER BY id", ID_COLUMNS.join(", "));
    let mut st = conn.prepare(&sql)?;
    let mut rows = st.query([import_id])?;
    let (mut n, mut first_id) = (0u64, 0i64);
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let cols: Vec<String> = (1..=6).map(|i| r.get(i)).collect::<Result<_, _>>()?;
        // A chunk holds at most the importer's chunk of rows, and its ids (with the gaps other imports'
        // chunks left) fit an offset.
        if n > 0 && (n % super::stages::CHUNK_ROWS == 0 || id - first_id >= 1 << 30) {
            idx.write(conn, import_id, first_id)?;
            n = 0;
        }
        if n == 0 {
            first_id = id;
        }
        idx.add((id - first_id) as u32, &cols.iter().map(String::as_str).collect::<Vec<_>>());
        n += 1;
    }
    idx.write(conn, import_id, first_id)?;
    conn.execute("UPDATE bill_imports SET text_indexed = 1 WHERE id = ?1", [import_id])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(blob: &[u8], span: u32) -> Vec<u32> {
        let mut bits = vec![u64::MAX; (span as usize).div_ceil(64)];
        and_into(blob, &mut bits);
        (0..span).filter(|o| bits[(o / 64) as usize] & (1 << (o % 64)) != 0).collect()
    }

    #[test]
    fn both_encodings_round_trip_and_the_smaller_is_kept() {
        let mut out = Vec::new();
        let sparse = vec![0, 5, 300, 70_000, 100_000];
        encode(&sparse, 100_001, &mut out);
        assert_eq!(out[0], 0, "a few rows: a list");
        assert_eq!(decode(&out, 100_001), sparse);
        let dense: Vec<u32> = (0..1000).filter(|i| i % 3 != 0).collect();
        encode(&dense, 1000, &mut out);
        assert_eq!((out[0], out.len()), (1, 1 + 125), "most rows: a bitmap");
        assert_eq!(decode(&out, 1000), dense);
        encode(&[], 10, &mut out);
        assert_eq!(decode(&out, 10), Vec::<u32>::new());
    }

    #[test]
    fn grams_fold_ascii_case_and_lump_other_bytes() {
        let a: Vec<usize> = grams_of(b"AbC").collect();
        let b: Vec<usize> = grams_of(b"abc").collect();
        assert_eq!(a, b);
        assert_eq!(grams_of("退款".as_bytes()).collect::<Vec<_>>(), vec![0; 4], "non-ASCII bytes share one symbol");
        assert_eq!(query_grams("ab"), None);
        assert_eq!(query_grams("abab").unwrap().len(), 2, "repeats dropped");
        assert_eq!(query_grams("0123456789abcdefghij").unwrap().len(), MAX_QUERY_GRAMS);
    }

    #[test]
    fn candidates_are_the_rows_holding_every_gram() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE bill_trade_chunks (import_id, first_id, span, PRIMARY KEY (import_id, first_id)) WITHOUT ROWID;
             CREATE TABLE bill_trade_grams (import_id, first_id, gram, rows, PRIMARY KEY (import_id, first_id, gram)) WITHOUT ROWID;",
        )
        .unwrap();
        let mut idx = GramIndex::new();
        let rows: Vec<(i64, [&str; 2])> =
            vec![(10, ["ab4242x", ""]), (11, ["42", "42"]), (13, ["x", "zz24242"]), (20, ["AB424", "2"])];
        for (id, ids) in &rows[..3] {
            idx.add((id - 10) as u32, ids);
        }
        idx.write(&conn, 1, 10).unwrap();
        idx.add(0, &rows[3].1);
        idx.write(&conn, 1, 20).unwrap();
        let mut out = Vec::new();
        candidates(&conn, 1, &query_grams("4242").unwrap(), &mut out).unwrap();
        assert_eq!(out, vec![10, 13], "row 11 holds 42 twice but no trigram; row 20 splits it across two ids");
        out.clear();
        candidates(&conn, 1, &query_grams("ab4").unwrap(), &mut out).unwrap();
        assert_eq!(out, vec![10, 20], "case folded");
        out.clear();
        candidates(&conn, 2, &query_grams("4242").unwrap(), &mut out).unwrap();
        assert!(out.is_empty(), "another import");
    }
}
