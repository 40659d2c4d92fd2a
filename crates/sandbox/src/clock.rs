//! The sandbox clock: wall time plus an offset that tests move forward (never backward), so close rules,
//! audit delays, order expiry and bill batches can be rehearsed without waiting.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use time::{OffsetDateTime, UtcOffset};

/// Beijing time, the zone of every dougong date and time field.
pub const BEIJING: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(o) => o,
    Err(_) => panic!("+08:00 is a valid offset"),
};

/// Milliseconds since the Unix epoch on the sandbox clock.
pub type Millis = i64;

/// Wall clock plus a monotonically growing offset.
#[derive(Debug, Default)]
pub struct Clock {
    offset_ms: AtomicI64,
}

impl Clock {
    /// A clock whose offset was saved by an earlier run (so a restart does not travel back in time).
    pub fn with_offset(offset_ms: i64) -> Clock {
        Clock { offset_ms: AtomicI64::new(offset_ms.max(0)) }
    }

    /// Now, in milliseconds since the epoch, on the sandbox clock.
    pub fn now_ms(&self) -> Millis {
        let wall = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0);
        wall + self.offset_ms.load(Ordering::SeqCst)
    }

    /// Moves the clock forward by `by`; returns the new total offset in milliseconds.
    pub fn advance(&self, by: Duration) -> i64 {
        let add = i64::try_from(by.as_millis()).unwrap_or(i64::MAX / 4);
        self.offset_ms.fetch_add(add, Ordering::SeqCst) + add
    }

    /// Total offset from wall time in milliseconds.
    pub fn offset_ms(&self) -> i64 {
        self.offset_ms.load(Ordering::SeqCst)
    }
}

/// The Beijing date-time of `ms`.
pub fn beijing(ms: Millis) -> OffsetDateTime {
    let nanos = i128::from(ms) * 1_000_000;
    OffsetDateTime::from_unix_timestamp_nanos(nanos).unwrap_or(OffsetDateTime::UNIX_EPOCH).to_offset(BEIJING)
}

/// `yyyyMMdd` in Beijing time.
pub fn ymd(ms: Millis) -> String {
    let t = beijing(ms);
    format!("{:04}{:02}{:02}", t.year(), u8::from(t.month()), t.day())
}

/// `HHmmss` in Beijing time.
pub fn hms(ms: Millis) -> String {
    let t = beijing(ms);
    format!("{:02}{:02}{:02}", t.hour(), t.minute(), t.second())
}

/// `yyyyMMddHHmmss` in Beijing time.
pub fn ymdhms(ms: Millis) -> String {
    format!("{}{}", ymd(ms), hms(ms))
}

/// `yyMMddHHmmss` in Beijing time (the middle of an hf_seq_id).
pub fn yymmddhhmmss(ms: Millis) -> String {
    ymdhms(ms)[2..].to_string()
}

/// Parses `yyyyMMdd` (Beijing) to the millisecond at which that day starts; `None` when not a real date.
pub fn parse_ymd(s: &str) -> Option<Millis> {
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = s[0..4].parse().ok()?;
    let m: u8 = s[4..6].parse().ok()?;
    let d: u8 = s[6..8].parse().ok()?;
    let date = time::Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d).ok()?;
    let dt = date.midnight().assume_offset(BEIJING);
    Some((dt.unix_timestamp_nanos() / 1_000_000) as i64)
}

/// Parses `yyyyMMddHHmmss` (Beijing); `None` when not a real date-time.
pub fn parse_ymdhms(s: &str) -> Option<Millis> {
    if s.len() != 14 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let day = parse_ymd(&s[0..8])?;
    let h: i64 = s[8..10].parse().ok()?;
    let mi: i64 = s[10..12].parse().ok()?;
    let se: i64 = s[12..14].parse().ok()?;
    if h > 23 || mi > 59 || se > 59 {
        return None;
    }
    Some(day + ((h * 60 + mi) * 60 + se) * 1000)
}

/// Milliseconds in one day.
pub const DAY_MS: Millis = 86_400_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_in_beijing_time() {
        let start = parse_ymd("20240514").expect("a real date");
        assert_eq!(ymd(start), "20240514");
        assert_eq!(ymd(start - 1), "20240513", "one ms before Beijing midnight is the previous day");
        assert_eq!(ymdhms(parse_ymdhms("20240514163256").unwrap()), "20240514163256");
        assert!(parse_ymd("20240230").is_none(), "Feb 30 is not a date");
        assert!(parse_ymdhms("20240514246000").is_none(), "hour 24 is not a time");
    }

    #[test]
    fn the_clock_only_moves_forward() {
        let c = Clock::with_offset(-5);
        assert_eq!(c.offset_ms(), 0, "a negative saved offset is ignored");
        let before = c.now_ms();
        c.advance(Duration::from_secs(3600));
        assert!(c.now_ms() - before >= 3_600_000, "advance moves now by the given amount");
    }
}
