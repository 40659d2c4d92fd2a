//! The reader side of the importer's two threads: turns each record of a part into the values its INSERT
//! binds (amounts in fen, dates as yyyyMMdd, unknown columns as JSON), written into reused [`Slot`]s of a
//! [`Batch`] (no allocation per field). Trade rows also feed the chunk's text index ([`super::grams`])
//! and daily totals ([`super::days`]) from those same values. The writer thread ([`super::insert`])
//! binds the batches and runs the statements; nothing here touches SQLite.

use super::columns::{self, Mapping, PartKind};
use super::days::DayTotals;
use super::grams::{GramIndex, ID_COLUMNS};
use crate::error::Error;

/// Rows per batch: one multi-row INSERT (bound parameters stay far below SQLite's 32766).
pub(super) const BATCH: usize = 64;

/// The table and leading columns of a kind; the kind's fields follow, then `extra`.
pub(super) fn table_of(kind: PartKind) -> (&'static str, &'static [&'static str]) {
    match kind {
        PartKind::Trade => ("bill_trades", &["import_id", "bill_date"]),
        PartKind::Settle => ("bill_settles", &["import_id", "file_kind"]),
        PartKind::Split => ("bill_splits", &["import_id"]),
        PartKind::Withdrawal => ("bill_withdrawals", &["import_id"]),
        PartKind::Other => ("bill_other_rows", &["import_id", "part", "row_no"]),
    }
}

/// The columns an INSERT of `kind` names, in binding order.
pub(super) fn columns_of(kind: PartKind) -> Vec<&'static str> {
    let (_, lead) = table_of(kind);
    let mut names: Vec<&'static str> = lead.to_vec();
    if kind == PartKind::Other {
        names.push("data");
    } else {
        names.extend(kind.fields().iter().map(|(f, _)| *f));
        names.push("extra");
    }
    names
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
pub(super) struct Slot {
    pub(super) int: Option<i64>,
    pub(super) null: bool,
    pub(super) text: String,
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
}

/// Up to [`BATCH`] rows of one part: `rows × cols` slots, row after row.
#[derive(Debug, Default)]
pub(super) struct Batch {
    pub(super) slots: Vec<Slot>,
    pub(super) rows: usize,
}

/// What a trade part keeps beside its rows: where the fields the index and the totals read sit among a
/// row's slots, and the chunk's index and totals so far.
struct TradeExtras {
    /// Slot positions of the six id columns.
    ids: [usize; 6],
    /// Slot positions of huifu_id, bill_date, trans_type, trade_type, trans_stat.
    key: [usize; 5],
    /// Slot positions of trans_amt, fee_amt, settlement_amt.
    amounts: [usize; 3],
}

/// The text index and daily totals of the trade rows of one chunk, handed to the writer with the chunk.
#[derive(Default)]
pub(super) struct ChunkExtras {
    pub(super) grams: Option<Box<GramIndex>>,
    pub(super) days: DayTotals,
    /// Trade rows in the chunk (the offset of the next one).
    pub(super) trade_rows: u32,
}

/// Fills batches for one part.
pub(super) struct RowEncoder {
    cols: usize,
    kind: PartKind,
    import_id: i64,
    lead: String,
    classes: Vec<Class>,
    acct: Option<usize>,
    trans_date: Option<usize>,
    extra: serde_json::Map<String, serde_json::Value>,
    trade: Option<TradeExtras>,
}

impl RowEncoder {
    pub(super) fn new(kind: PartKind, map: &Mapping, import_id: i64, part: &str, file_kind: &str) -> RowEncoder {
        let names = columns_of(kind);
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
                if columns::is_money(f) {
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
                }
            })
            .collect();
        let at = |f: &str| fields.iter().position(|(n, _)| *n == f).and_then(|p| map.index[p]);
        let (acct, trans_date) =
            if kind == PartKind::Trade { (at("acct_date"), at("trans_date")) } else { (None, None) };
        let trade = (kind == PartKind::Trade).then(|| {
            let slot = |f: &str| names.iter().position(|n| *n == f).expect("a trade field");
            TradeExtras {
                ids: ID_COLUMNS.map(slot),
                key: ["huifu_id", "bill_date", "trans_type", "trade_type", "trans_stat"].map(slot),
                amounts: ["trans_amt", "fee_amt", "settlement_amt"].map(slot),
            }
        });
        RowEncoder {
            cols: names.len(),
            kind,
            import_id,
            lead,
            classes,
            acct,
            trans_date,
            extra: serde_json::Map::new(),
            trade,
        }
    }

    /// Writes one record as the next row of `batch` (whose slots are grown as needed); a trade row also
    /// goes into `chunk`'s text index and daily totals.
    pub(super) fn row(
        &mut self,
        batch: &mut Batch,
        chunk: &mut ChunkExtras,
        rec: &csv::StringRecord,
        header: &[&str],
        map: &Mapping,
        line: u64,
    ) -> Result<(), Error> {
        let base = batch.rows * self.cols;
        if batch.slots.len() < base + self.cols {
            batch.slots.resize_with(base + self.cols, Slot::default);
        }
        let row = &mut batch.slots[base..base + self.cols];
        let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).unwrap_or("");
        row[0].int(self.import_id);
        let mut c = 1;
        if self.kind == PartKind::Other {
            row[1].text(&self.lead);
            row[2].int(line as i64);
            let obj: serde_json::Map<String, serde_json::Value> = header
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    (
                        h.trim_start_matches('\u{feff}').trim().to_string(),
                        serde_json::Value::from(rec.get(i).unwrap_or("")),
                    )
                })
                .collect();
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
            for (((f, _), class), idx) in self.kind.fields().iter().zip(&self.classes).zip(&map.index) {
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
            if let Some(t) = &self.trade {
                let text = |i: usize| row[i].text.as_str();
                let money = |i: usize| if row[i].null { None } else { row[i].int };
                chunk.grams.get_or_insert_with(|| Box::new(GramIndex::new())).add(chunk.trade_rows, &t.ids.map(text));
                chunk.days.add(
                    t.key.map(text),
                    money(t.amounts[0]).unwrap_or(0),
                    money(t.amounts[1]).unwrap_or(0),
                    money(t.amounts[2]),
                );
                chunk.trade_rows += 1;
            }
        }
        batch.rows += 1;
        Ok(())
    }
}
