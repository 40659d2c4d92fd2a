//! The reader side of the importer's two threads: opens the file (a zip of CSV parts, a single CSV, or an
//! XLSX, each within the bounds of [`super::bounds`]), maps each part's header, and turns its records
//! into batches ([`super::encode`]) for the writer thread ([`super::insert`]), saying where each part
//! starts and where each chunk of [`CHUNK_ROWS`] rows ends. It never touches the database.

use std::borrow::Cow;
use std::io::{Read, Seek};
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender};

use super::bounds;
use super::columns::{self, PartKind};
use super::encode::{Batch, ChunkExtras, RowEncoder, BATCH};
use super::insert::Msg;
use super::stages::{bad_file, ImportedPart, CHUNK_ROWS};
use crate::error::{Error, ErrorCode};
use crate::progress::{Progress, ProgressEvent};

/// Orders `x_2.csv` before `x_10.csv`.
fn natural_key(name: &str) -> (String, u64) {
    let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name);
    let digits: String =
        stem.chars().rev().take_while(char::is_ascii_digit).collect::<Vec<_>>().into_iter().rev().collect();
    (stem[..stem.len() - digits.len()].to_string(), digits.parse().unwrap_or(0))
}

pub(super) struct Reader<'p> {
    to_writer: SyncSender<Msg>,
    /// Batches the writer is done with, to fill again.
    spare: Receiver<Batch>,
    import_id: i64,
    /// Data rows read so far (all parts).
    rows: u64,
    /// Rows committed by an earlier, cut-off run of this import: read and counted, not inserted.
    skip: u64,
    parts: Vec<ImportedPart>,
    progress: Progress<'p>,
    next_chunk: u64,
    batch: Batch,
    chunk: ChunkExtras,
}

impl<'p> Reader<'p> {
    pub(super) fn new(
        to_writer: SyncSender<Msg>,
        spare: Receiver<Batch>,
        import_id: i64,
        skip: u64,
        progress: Progress<'p>,
    ) -> Reader<'p> {
        let next_chunk = skip - skip % CHUNK_ROWS + CHUNK_ROWS;
        Reader {
            to_writer,
            spare,
            import_id,
            rows: 0,
            skip,
            parts: Vec::new(),
            progress,
            next_chunk,
            batch: Batch::default(),
            chunk: ChunkExtras::default(),
        }
    }

    /// Reads the whole file (`is_zip`: it starts like a zip, which an XLSX also is).
    pub(super) fn file(&mut self, source: &str, path: &Path, file: std::fs::File, is_zip: bool) -> Result<(), Error> {
        if is_zip {
            let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|e| bad_file(source, e))?;
            if zip.index_for_name("xl/workbook.xml").is_some() {
                drop(zip);
                let f = std::io::BufReader::new(std::fs::File::open(path)?);
                self.xlsx(source, bounds::check_xlsx(source, f)?)
            } else {
                if zip.len() > bounds::MAX_ZIP_ENTRIES {
                    return Err(bounds::refused(source, format!("a zip of {} entries is not a bill", zip.len())));
                }
                self.zip(source, &mut zip)
            }
        } else {
            self.csv(source, std::io::BufReader::with_capacity(1 << 20, file))
        }
    }

    /// The last rows' extras go to the writer (it keeps the transaction open); answers (rows, parts).
    pub(super) fn finish(mut self) -> Result<(u64, Vec<ImportedPart>), Error> {
        let extras = std::mem::take(&mut self.chunk);
        self.send(Msg::Tail(extras))?;
        Ok((self.rows, self.parts))
    }

    fn send(&self, m: Msg) -> Result<(), Error> {
        // The writer only hangs up when it failed; its error is the one reported.
        self.to_writer.send(m).map_err(|_| Error::new(ErrorCode::Internal, "the bill writer stopped"))
    }

    /// Hands the filled batch to the writer and takes a spare one (or a new one) to fill next.
    fn flush(&mut self) -> Result<(), Error> {
        if self.batch.rows == 0 {
            return Ok(());
        }
        let mut next = self.spare.try_recv().unwrap_or_default();
        next.rows = 0;
        let full = std::mem::replace(&mut self.batch, next);
        self.send(Msg::Rows(full))
    }

    fn zip<R: Read + Seek>(&mut self, source: &str, zip: &mut zip::ZipArchive<R>) -> Result<(), Error> {
        let mut names: Vec<String> = zip.file_names().filter(|n| !n.ends_with('/')).map(str::to_string).collect();
        names.sort_by_key(|n| natural_key(n));
        for name in names {
            let lower = name.to_ascii_lowercase();
            let entry = zip.by_name(&name).map_err(|e| bad_file(source, e))?;
            let declared = entry.size();
            if lower.ends_with(".csv") || lower.ends_with(".txt") {
                let bounded = bounds::Bounded::new(entry, declared, bounds::MAX_ENTRY_BYTES);
                self.csv(&name, std::io::BufReader::with_capacity(1 << 20, bounded))?;
            } else if lower.ends_with(".xlsx") {
                // Held in memory for calamine: the header's claim is checked before anything is read, and
                // the reading stops where the claim (or the cap) ends.
                if declared > bounds::MAX_XLSX_FILE_BYTES {
                    return Err(bounds::refused(
                        &name,
                        format!(
                            "an XLSX that says it is {}, more than the {} allowed",
                            bounds::size_text(declared),
                            bounds::size_text(bounds::MAX_XLSX_FILE_BYTES)
                        ),
                    ));
                }
                let mut bytes = Vec::with_capacity(declared as usize);
                bounds::Bounded::new(entry, declared, bounds::MAX_XLSX_FILE_BYTES).read_to_end(&mut bytes).map_err(
                    |e| match bounds::over_bound(&e) {
                        Some(why) => bounds::refused(&name, why),
                        None => bad_file(source, e),
                    },
                )?;
                self.xlsx(&name, bounds::check_xlsx(&name, std::io::Cursor::new(bytes))?)?;
            }
            // Anything else in the zip (a readme, a signature) is not bill data.
        }
        Ok(())
    }

    fn csv<R: Read>(&mut self, part: &str, r: R) -> Result<(), Error> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bounds::LineBound::new(r, bounds::MAX_LINE_BYTES));
        let mut rec = csv::StringRecord::new();
        let mut next = |rec: &mut csv::StringRecord| -> Result<bool, Error> {
            rdr.read_record(rec).map_err(|e| {
                let why = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => "is not UTF-8 (a GBK file? save it as UTF-8)".to_string(),
                    csv::ErrorKind::Io(io) => bounds::over_bound(io).unwrap_or_else(|| e.to_string()),
                    _ => e.to_string(),
                };
                bounds::refused(part, why)
            })
        };
        self.part(part, &mut rec, &mut next)
    }

    fn xlsx<R: Read + Seek>(&mut self, part: &str, r: R) -> Result<(), Error> {
        use calamine::Reader;
        let mut wb: calamine::Xlsx<R> = calamine::open_workbook_from_rs(r).map_err(|e| bad_file(part, e))?;
        for sheet in wb.sheet_names() {
            let range = wb.worksheet_range(&sheet).map_err(|e| bad_file(part, e))?;
            let mut rows = range.rows();
            let name = format!("{part}#{sheet}");
            let mut rec = csv::StringRecord::new();
            let mut next = |rec: &mut csv::StringRecord| -> Result<bool, Error> {
                let Some(row) = rows.next() else { return Ok(false) };
                rec.clear();
                for c in row {
                    rec.push_field(&cell_text(c));
                }
                Ok(true)
            };
            self.part(&name, &mut rec, &mut next)?;
        }
        Ok(())
    }

    /// One part: the first non-empty record is the header; then rows until `next` says none.
    fn part(
        &mut self,
        part: &str,
        rec: &mut csv::StringRecord,
        next: &mut dyn FnMut(&mut csv::StringRecord) -> Result<bool, Error>,
    ) -> Result<(), Error> {
        let header: Vec<String> = loop {
            if !next(rec)? {
                return Ok(()); // an empty part
            }
            if rec.iter().any(|f| !f.trim().is_empty()) {
                break rec.iter().map(str::to_string).collect();
            }
        };
        let hdr: Vec<&str> = header.iter().map(String::as_str).collect();
        let map = columns::map_header(&hdr, part);
        (self.progress)(ProgressEvent::new(
            "import.part",
            self.rows,
            None,
            format!("{part}: {} rows", map.kind.as_str()),
        ));
        let file_kind = if part.contains("order_month") {
            "order_month"
        } else if part.contains("settle_month") {
            "settle_month"
        } else {
            "settle"
        };
        let mut enc = RowEncoder::new(map.kind, &map, self.import_id, part, file_kind);
        self.send(Msg::Part(map.kind))?;
        let mut line: u64 = 1;
        let mut part_rows = 0u64;
        while next(rec)? {
            line += 1;
            let first = rec.get(0).unwrap_or("").trim();
            if rec.iter().all(|f| f.trim().is_empty()) || matches!(first, "合计" | "总计" | "汇总" | "Total" | "TOTAL")
            {
                continue; // blank line, or a totals line at the end (ASSUMED shape)
            }
            part_rows += 1;
            self.rows += 1;
            if self.rows <= self.skip {
                continue; // committed by the run that was cut off
            }
            enc.row(&mut self.batch, &mut self.chunk, rec, &hdr, &map, line)
                .map_err(|e| Error { message: format!("{part} line {line}: {}", e.message), ..e })?;
            if self.batch.rows == BATCH {
                self.flush()?;
            }
            if self.rows >= self.next_chunk {
                self.flush()?;
                self.next_chunk += CHUNK_ROWS;
                let extras = std::mem::take(&mut self.chunk);
                self.send(Msg::Chunk { rows: self.rows, extras })?;
            }
        }
        // The part's last rows go with its own statements.
        self.flush()?;
        let missing = map
            .kind
            .fields()
            .iter()
            .zip(&map.index)
            .filter(|(_, i)| i.is_none())
            .map(|((f, _), _)| f.to_string())
            .collect();
        self.parts.push(ImportedPart {
            name: part.to_string(),
            kind: map.kind,
            rows: part_rows,
            unknown_columns: if map.kind == PartKind::Other {
                Vec::new()
            } else {
                map.unknown.iter().map(|(_, h)| h.clone()).collect()
            },
            missing_columns: missing,
        });
        Ok(())
    }
}

/// A spreadsheet cell as the text a CSV would hold.
fn cell_text(c: &calamine::Data) -> Cow<'static, str> {
    use calamine::Data;
    match c {
        Data::String(s) => Cow::Owned(s.clone()),
        Data::Float(f) => {
            // 12.34 stored as 12.339999999 comes back as "12.34"; integers without ".0".
            let s = format!("{f:.6}");
            let s = s.trim_end_matches('0').trim_end_matches('.');
            Cow::Owned(s.to_string())
        }
        Data::Int(i) => Cow::Owned(i.to_string()),
        Data::DateTime(d) => {
            // Excel serial days since 1899-12-30.
            let base = time::macros::date!(1899 - 12 - 30);
            let day = base.checked_add(time::Duration::days(d.as_f64().floor() as i64)).unwrap_or(base);
            Cow::Owned(format!("{:04}{:02}{:02}", day.year(), day.month() as u8, day.day()))
        }
        Data::Empty => Cow::Borrowed(""),
        other => Cow::Owned(other.to_string()),
    }
}
