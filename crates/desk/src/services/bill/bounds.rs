//! Bounds on what a bill file may make the importer read or hold. A bill comes from outside (a download,
//! a file a person picked), so its zip headers, its XLSX and its lines are untrusted:
//!
//! - a zip entry is read through [`Bounded`], which stops at the size the header declares (a header that
//!   lies about it is refused) and at [`MAX_ENTRY_BYTES`] in any case; a zip has at most
//!   [`MAX_ZIP_ENTRIES`] entries;
//! - an XLSX is checked by [`check_xlsx`] before calamine decodes it (calamine holds whole sheets in
//!   memory): the file at most [`MAX_XLSX_FILE_BYTES`], its parts at most [`MAX_XLSX_XML_BYTES`] together,
//!   by their declared sizes first and then by what they actually inflate to (counted, not kept);
//! - a CSV record is at most [`MAX_LINE_BYTES`] ([`LineBound`]): the csv reader would otherwise buffer a
//!   line of any length.
//!
//! Each refusal is an `InvalidInput` on `file` that says which bound and where.

use std::io::{self, Read, Seek};

use crate::error::{Error, ErrorCode};

/// The most any one zip entry may inflate to (a month of trades is a few hundred MB).
pub const MAX_ENTRY_BYTES: u64 = 4 << 30;
/// The most entries a bill zip may hold (a daily bill has a handful of parts).
pub const MAX_ZIP_ENTRIES: usize = 10_000;
/// The most an XLSX file may weigh on disk or inside a zip.
pub const MAX_XLSX_FILE_BYTES: u64 = 64 << 20;
/// The most the XML parts of one XLSX may inflate to together (calamine decodes them into memory).
pub const MAX_XLSX_XML_BYTES: u64 = 256 << 20;
/// The longest CSV record (a bill line is a few hundred bytes).
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// The error every bound gives: on `file`, naming the part.
pub(crate) fn refused(part: &str, why: impl std::fmt::Display) -> Error {
    Error { field: Some("file".into()), ..Error::new(ErrorCode::InvalidInput, format!("{part}: {why}")) }
}

/// `4 GiB`, `256 MiB`, `500 bytes`.
pub(crate) fn size_text(n: u64) -> String {
    match n {
        n if n >= 1 << 30 && n % (1 << 30) == 0 => format!("{} GiB", n >> 30),
        n if n >= 1 << 20 => format!("{} MiB", n >> 20),
        n if n >= 1 << 10 => format!("{} KiB", n >> 10),
        n => format!("{n} bytes"),
    }
}

/// Why a bounded reader stopped; carried inside the `io::Error` so the caller can tell a bound from a
/// broken file.
#[derive(Debug)]
pub(crate) struct OverBound(pub String);

impl std::fmt::Display for OverBound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OverBound {}

fn over(why: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, OverBound(why))
}

/// The bound's message when `e` came from one of the readers here.
pub(crate) fn over_bound(e: &io::Error) -> Option<String> {
    e.get_ref().and_then(|i| i.downcast_ref::<OverBound>()).map(|o| o.0.clone())
}

/// A zip entry's reader that refuses to go past the size its header declares, or `cap`, whichever is
/// smaller (the central directory always declares a size, so there is no "unknown").
pub(crate) struct Bounded<R> {
    inner: R,
    limit: u64,
    read: u64,
    declared: u64,
}

impl<R: Read> Bounded<R> {
    pub(crate) fn new(inner: R, declared: u64, cap: u64) -> Bounded<R> {
        let limit = declared.min(cap);
        Bounded { inner, limit, read: 0, declared }
    }
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.read >= self.limit {
            // One byte more than allowed means the entry is bigger than it may be.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ if self.declared <= self.limit => Err(over(format!(
                    "inflates to more than the {} bytes its zip header declares (a forged header)",
                    self.declared
                ))),
                _ => Err(over(format!("inflates to more than {}", size_text(self.limit)))),
            };
        }
        let room = (self.limit - self.read).min(buf.len() as u64) as usize;
        let n = self.inner.read(&mut buf[..room])?;
        self.read += n as u64;
        Ok(n)
    }
}

/// Refuses a CSV record longer than `max` bytes before the csv reader buffers it. A record ends at a line
/// break outside quotes (RFC 4180: a `""` inside a quoted field toggles the state twice, so counting
/// quotes is exact).
pub(crate) struct LineBound<R> {
    inner: R,
    max: usize,
    run: usize,
    in_quotes: bool,
    line: u64,
}

impl<R: Read> LineBound<R> {
    pub(crate) fn new(inner: R, max: usize) -> LineBound<R> {
        LineBound { inner, max, run: 0, in_quotes: false, line: 1 }
    }
}

impl<R: Read> Read for LineBound<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            match b {
                b'"' => self.in_quotes = !self.in_quotes,
                b'\n' => {
                    self.line += 1;
                    if !self.in_quotes {
                        self.run = 0;
                        continue;
                    }
                }
                _ => {}
            }
            self.run += 1;
            if self.run > self.max {
                return Err(over(format!("line {} is longer than {} KiB: not a bill file", self.line, self.max >> 10)));
            }
        }
        Ok(n)
    }
}

/// Checks an XLSX (a zip) before it is decoded: the file's size, then its entries' declared sizes, then
/// what they actually inflate to (read and dropped, so a forged header cannot get past).
pub(crate) fn check_xlsx<R: Read + Seek>(part: &str, mut r: R) -> Result<R, Error> {
    let len = r.seek(io::SeekFrom::End(0))?;
    r.rewind()?;
    if len > MAX_XLSX_FILE_BYTES {
        return Err(refused(
            part,
            format!(
                "an XLSX of {} MiB is larger than the {} MiB a bill spreadsheet may be",
                len >> 20,
                MAX_XLSX_FILE_BYTES >> 20
            ),
        ));
    }
    let mut zip = zip::ZipArchive::new(r).map_err(|e| refused(part, format!("not a readable XLSX: {e}")))?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(refused(part, format!("an XLSX with {} parts", zip.len())));
    }
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let e = zip.by_index_raw(i).map_err(|e| refused(part, format!("not a readable XLSX: {e}")))?;
        declared = declared.saturating_add(e.size());
    }
    if declared > MAX_XLSX_XML_BYTES {
        return Err(refused(
            part,
            format!(
                "the XLSX says it unpacks to {} MiB, more than the {} MiB allowed",
                declared >> 20,
                MAX_XLSX_XML_BYTES >> 20
            ),
        ));
    }
    let mut actual: u64 = 0;
    let mut sink = vec![0u8; 64 << 10];
    for i in 0..zip.len() {
        let e = zip.by_index(i).map_err(|e| refused(part, format!("not a readable XLSX: {e}")))?;
        let name = e.name().to_string();
        let size = e.size();
        let mut b = Bounded::new(e, size, MAX_XLSX_XML_BYTES - actual.min(MAX_XLSX_XML_BYTES));
        loop {
            match b.read(&mut sink) {
                Ok(0) => break,
                Ok(n) => actual += n as u64,
                Err(e) => {
                    return Err(match over_bound(&e) {
                        Some(why) => refused(part, format!("{name} {why}")),
                        None => refused(part, format!("not a readable XLSX ({name}): {e}")),
                    })
                }
            }
        }
    }
    let mut r = zip.into_inner();
    r.rewind()?;
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_stops_at_the_declared_size_and_names_a_forged_header() {
        let data = vec![7u8; 1000];
        let mut out = Vec::new();
        Bounded::new(&data[..], 1000, 4096).read_to_end(&mut out).unwrap();
        assert_eq!(out.len(), 1000, "an honest entry reads whole");
        let e = Bounded::new(&data[..], 100, 4096).read_to_end(&mut Vec::new()).unwrap_err();
        assert!(over_bound(&e).unwrap().contains("declares"), "{e}");
        let e = Bounded::new(&data[..], 5000, 500).read_to_end(&mut Vec::new()).unwrap_err();
        assert!(
            over_bound(&e).unwrap().contains("more than 500 bytes"),
            "a big declared size still stops at the cap: {e}"
        );
    }

    #[test]
    fn line_bound_counts_records_not_quoted_line_breaks() {
        let ok = b"a,b\n\"x\ny\",\"say \"\"hi\"\"\"\n".repeat(100);
        LineBound::new(&ok[..], 64).read_to_end(&mut Vec::new()).unwrap();
        let long = [b"a,b\n".as_slice(), &[b'x'; 200]].concat();
        let e = LineBound::new(&long[..], 64).read_to_end(&mut Vec::new()).unwrap_err();
        assert!(over_bound(&e).unwrap().starts_with("line 2 "), "{e}");
        // A quoted field that never closes is one long record, however many line breaks it holds.
        let open = [b"\"".as_slice(), &b"ab\n".repeat(100)].concat();
        assert!(LineBound::new(&open[..], 64).read_to_end(&mut Vec::new()).is_err());
    }
}
