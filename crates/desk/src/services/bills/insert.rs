//! The row writer of the importer: multi-row prepared INSERTs into the table of a part's kind, each
//! row's values written into reused buffers (no allocation per field), so a million rows cost little
//! more than SQLite's own work.

use rusqlite::Statement;

use super::columns::{self, Mapping, PartKind};
use crate::error::Error;

/// Rows per multi-row INSERT (bound parameters stay far below SQLite's 32766).
pub(super) const BATCH: usize = 64;

/// The table and leading columns of a kind; the kind's fields follow, then `extra`.
fn table_of(kind: PartKind) -> (&'static str, &'static [&'static str]) {
    match kind {
        PartKind::Trade => ("bill_trades", &["import_id", "bill_date"]),
        PartKind::Settle => ("bill_settles", &["import_id", "file_kind"]),
        PartKind::Split => ("bill_splits", &["import_id"]),
        PartKind::Withdrawal => ("bill_withdrawals", &["import_id"]),
        PartKind::Other => ("bill_other_rows", &["import_id", "part", "row_no"]),
    }
}

/// How a field is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Money,
    /// Money that is NULL when the file lacks the column (`settlement_amt`).
    MoneyOrNull,
    Count,
    Date,
    Text,
}

/// One bound value, its text buffer reused from row to row.
#[derive(Debug, Default)]
struct Slot {
    int: Option<i64>,
    null: bool,
    text: String,
}

impl Slot {
    fn text(&mut self, v: &str) {
        self.int = None;
        self.null = false;
        self.text.clear();
        self.text.push_str(v);
    }
    fn int(&mut self, v: i64) {
        self.int = Some(v);
        self.null = false;
    }
    fn null(&mut self) {
        self.int = None;
        self.null = true;
    }
    fn bind(&self, st: &mut Statement<'_>, i: usize) -> Result<(), Error> {
        match (self.null, self.int) {
            (true, _) => st.raw_bind_parameter(i, rusqlite::types::Null)?,
            (false, Some(n)) => st.raw_bind_parameter(i, n)?,
            (false, None) => st.raw_bind_parameter(i, self.text.as_str())?,
        }
        Ok(())
    }
}

/// Multi-row prepared INSERTs: each row is written into reused slots, and the batch statement runs
/// every [`BATCH`] rows; the rest goes through the one-row statement at the end.
pub(super) struct Insert<'c> {
    batch: Statement<'c>,
    one: Statement<'c>,
    cols: usize,
    slots: Vec<Slot>,
    pending: usize,
    kind: PartKind,
    import_id: i64,
    lead: String,
    classes: Vec<(Class, &'static str)>,
    acct: Option<usize>,
    trans_date: Option<usize>,
    extra: serde_json::Map<String, serde_json::Value>,
}

impl<'c> Insert<'c> {
    pub(super) fn new(tx: &'c rusqlite::Connection, kind: PartKind, map: &Mapping, import_id: i64, part: &str, file_kind: &str) -> Result<Insert<'c>, Error> {
        let (table, lead) = table_of(kind);
        let mut names: Vec<&str> = lead.to_vec();
        if kind == PartKind::Other {
            names.push("data");
        } else {
            names.extend(kind.fields().iter().map(|(f, _)| *f));
            names.push("extra");
        }
        let cols = names.len();
        let one_row = format!("({})", vec!["?"; cols].join(","));
        let head = format!("INSERT INTO {table} ({}) VALUES ", names.join(","));
        let batch = tx.prepare(&format!("{head}{}", vec![one_row.as_str(); BATCH].join(",")))?;
        let one = tx.prepare(&format!("{head}{one_row}"))?;
        let lead = match kind {
            PartKind::Settle => file_kind.to_string(),
            PartKind::Other => part.to_string(),
            _ => String::new(),
        };
        let fields = kind.fields();
        let classes = fields
            .iter()
            .zip(&map.index)
            .map(|((f, _), idx)| {
                let c = if columns::is_money(f) {
                    if idx.is_none() && *f == "settlement_amt" {
                        Class::MoneyOrNull
                    } else {
                        Class::Money
                    }
                } else if columns::is_count(f) {
                    Class::Count
                } else if f.ends_with("_date") {
                    Class::Date
                } else {
                    Class::Text
                };
                (c, *f)
            })
            .collect();
        let at = |f: &str| fields.iter().position(|(n, _)| *n == f).and_then(|p| map.index[p]);
        let (acct, trans_date) = if kind == PartKind::Trade { (at("acct_date"), at("trans_date")) } else { (None, None) };
        let slots = (0..BATCH * cols).map(|_| Slot::default()).collect();
        Ok(Insert { batch, one, cols, slots, pending: 0, kind, import_id, lead, classes, acct, trans_date, extra: serde_json::Map::new() })
    }

    pub(super) fn row(&mut self, rec: &csv::StringRecord, header: &[&str], map: &Mapping, line: u64) -> Result<(), Error> {
        let base = self.pending * self.cols;
        let row = &mut self.slots[base..base + self.cols];
        let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).unwrap_or("");
        row[0].int(self.import_id);
        let mut c = 1;
        if self.kind == PartKind::Other {
            row[1].text(&self.lead);
            row[2].int(line as i64);
            let obj: serde_json::Map<String, serde_json::Value> =
                header.iter().enumerate().map(|(i, h)| (h.trim_start_matches('\u{feff}').trim().to_string(), serde_json::Value::from(rec.get(i).unwrap_or("")))).collect();
            row[3].text(&serde_json::Value::Object(obj).to_string());
        } else {
            if self.kind == PartKind::Trade {
                let acct = get(self.acct);
                let day = if acct.trim().is_empty() { get(self.trans_date) } else { acct };
                row[c].text(&columns::date8(day));
                c += 1;
            } else if self.kind == PartKind::Settle {
                row[c].text(&self.lead);
                c += 1;
            }
            for ((class, f), idx) in self.classes.iter().zip(&map.index) {
                let raw = get(*idx);
                let slot = &mut row[c];
                match class {
                    Class::Money => slot.int(columns::parse_fen(raw).map_err(|e| Error::invalid(*f, e))?),
                    Class::MoneyOrNull => slot.null(),
                    Class::Count => slot.int(columns::parse_count(raw).map_err(|e| Error::invalid(*f, e))?),
                    Class::Date => slot.text(&columns::date8(raw)),
                    Class::Text => slot.text(raw.trim()),
                }
                c += 1;
            }
            self.extra.clear();
            for (i, h) in &map.unknown {
                if let Some(v) = rec.get(*i).filter(|v| !v.is_empty()) {
                    self.extra.insert(h.clone(), serde_json::Value::from(v));
                }
            }
            if self.extra.is_empty() {
                row[c].null();
            } else {
                row[c].text(&serde_json::to_string(&self.extra)?);
            }
        }
        self.pending += 1;
        if self.pending == BATCH {
            for (i, slot) in self.slots.iter().enumerate() {
                slot.bind(&mut self.batch, i + 1)?;
            }
            self.batch.raw_execute()?;
            self.pending = 0;
        }
        Ok(())
    }

    /// Writes the rows still waiting for a full batch (before a chunk commits).
    pub(super) fn flush(&mut self) -> Result<(), Error> {
        for r in 0..self.pending {
            for c in 0..self.cols {
                self.slots[r * self.cols + c].bind(&mut self.one, c + 1)?;
            }
            self.one.raw_execute()?;
        }
        self.pending = 0;
        Ok(())
    }

    pub(super) fn finish(mut self) -> Result<(), Error> {
        self.flush()
    }
}
