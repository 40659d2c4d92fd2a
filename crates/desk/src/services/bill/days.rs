//! Daily totals kept on import (`bill_trade_days`): per merchant, accounting day, trans type, trade type
//! and status, the rows and their sums. The importer adds each trade row here as it binds it and writes
//! the sums with each chunk it commits, so the totals always cover exactly the committed rows; totals
//! and the daily chart without a text filter read this table instead of the rows (query.rs).

use std::collections::HashMap;
use std::hash::BuildHasher;

use rusqlite::{params, Connection};

use crate::error::Error;

/// Is a row a refund: the same test as query.rs's `IS_REFUND` SQL (`upper(t) LIKE '%REFUND%'`, which
/// ignores ASCII case, or `t LIKE '%退款%'`).
pub(crate) fn is_refund(trans_type: &str) -> bool {
    trans_type.to_ascii_uppercase().contains("REFUND") || trans_type.contains("退款")
}

/// The settled amount of a row as query.rs's `SETTLED` computes it.
pub(crate) fn settled(trans_type: &str, trans_amt: i64, fee_amt: i64, settlement_amt: Option<i64>) -> i64 {
    settlement_amt.unwrap_or(if is_refund(trans_type) { fee_amt - trans_amt } else { trans_amt - fee_amt })
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Sums {
    rows: i64,
    trans_amt: i64,
    fee_amt: i64,
    settled: i64,
}

/// The sums of one chunk of rows, by key. Keys are looked up by hash first, so a row allocates only
/// when it opens a new group (a few thousand per million rows).
#[derive(Default)]
pub(crate) struct DayTotals {
    hasher: std::collections::hash_map::RandomState,
    /// hash → indexes into `groups` with that hash.
    by_hash: HashMap<u64, Vec<usize>>,
    groups: Vec<([String; 5], Sums)>,
}

impl DayTotals {
    /// Adds one row: `key` is (huifu_id, bill_date, trans_type, trade_type, trans_stat).
    pub(crate) fn add(&mut self, key: [&str; 5], trans_amt: i64, fee_amt: i64, settlement_amt: Option<i64>) {
        let hash = self.hasher.hash_one(key);
        let slots = self.by_hash.entry(hash).or_default();
        let at = match slots
            .iter()
            .copied()
            .find(|&i| self.groups[i].0.iter().map(String::as_str).eq(key.iter().copied()))
        {
            Some(i) => i,
            None => {
                self.groups.push((key.map(str::to_string), Sums::default()));
                slots.push(self.groups.len() - 1);
                self.groups.len() - 1
            }
        };
        let s = &mut self.groups[at].1;
        s.rows += 1;
        s.trans_amt += trans_amt;
        s.fee_amt += fee_amt;
        s.settled += settled(key[2], trans_amt, fee_amt, settlement_amt);
    }

    /// Adds the chunk's sums to the table (in the importer's open transaction) and starts anew.
    pub(crate) fn write(&mut self, conn: &Connection, import_id: i64) -> Result<(), Error> {
        let mut st = conn.prepare_cached(
            "INSERT INTO bill_trade_days(import_id, huifu_id, bill_date, trans_type, trade_type, trans_stat, rows, trans_amt, fee_amt, settled)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT DO UPDATE SET rows = rows + excluded.rows, trans_amt = trans_amt + excluded.trans_amt,
                 fee_amt = fee_amt + excluded.fee_amt, settled = settled + excluded.settled",
        )?;
        for ([h, d, tt, tr, ts], s) in self.groups.drain(..) {
            st.execute(params![import_id, h, d, tt, tr, ts, s.rows, s.trans_amt, s.fee_amt, s.settled])?;
        }
        self.by_hash.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refunds_and_settled_follow_the_sql_rules() {
        assert!(is_refund("REFUND") && is_refund("trans_refund") && is_refund("部分退款"));
        assert!(!is_refund("PAYMENT"));
        assert_eq!(settled("PAYMENT", 1000, 4, None), 996);
        assert_eq!(settled("REFUND", 1000, 4, None), -996);
        assert_eq!(settled("REFUND", 1000, 4, Some(-1)), -1);
    }

    #[test]
    fn rows_of_one_key_add_up_and_a_write_empties_the_chunk() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE bill_trade_days (import_id, huifu_id, bill_date, trans_type, trade_type, trans_stat, rows, trans_amt, fee_amt, settled,
               PRIMARY KEY (import_id, huifu_id, bill_date, trans_type, trade_type, trans_stat)) WITHOUT ROWID;",
        )
        .unwrap();
        let mut d = DayTotals::default();
        let k = ["m1", "20261201", "PAYMENT", "A_NATIVE", "S"];
        d.add(k, 100, 1, None);
        d.add(k, 200, 2, None);
        d.add(["m1", "20261201", "REFUND", "A_NATIVE", "S"], 50, 1, None);
        d.write(&conn, 7).unwrap();
        d.add(k, 300, 3, Some(290));
        d.write(&conn, 7).unwrap();
        let got: (i64, i64, i64, i64) = conn
            .query_row(
                "SELECT rows, trans_amt, fee_amt, settled FROM bill_trade_days WHERE trans_type = 'PAYMENT'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        assert_eq!(got, (3, 600, 6, 99 + 198 + 290), "the second chunk added to the first");
        let refund: i64 = conn
            .query_row("SELECT settled FROM bill_trade_days WHERE trans_type = 'REFUND'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(refund, -49);
    }
}
