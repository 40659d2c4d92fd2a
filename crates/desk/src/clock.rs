//! Time as desk sees it. Services take the time from the [`Clock`] the `Desk` was opened with, so tests
//! can pin it (style habit 12); only this module calls `now_utc()`.

use time::{OffsetDateTime, UtcOffset};

/// Beijing time, the zone of `req_date` (spec §4).
pub const BEIJING: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(o) => o,
    Err(_) => panic!("+08:00 is a valid offset"),
};

/// A source of the current time.
pub trait Clock: Send + Sync + 'static {
    /// Now, in UTC.
    fn now(&self) -> OffsetDateTime;
}

/// The machine's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// RFC 3339 in UTC with milliseconds, the form every timestamp column holds (sorts as text).
pub fn rfc3339(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// `yyyyMMdd` in Beijing time.
pub fn req_date(t: OffsetDateTime) -> String {
    let b = t.to_offset(BEIJING);
    format!("{:04}{:02}{:02}", b.year(), u8::from(b.month()), b.day())
}

/// `yyyyMMddHHmmss` in Beijing time.
pub fn stamp14(t: OffsetDateTime) -> String {
    let b = t.to_offset(BEIJING);
    format!("{:04}{:02}{:02}{:02}{:02}{:02}", b.year(), u8::from(b.month()), b.day(), b.hour(), b.minute(), b.second())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn req_date_is_beijing() {
        let t = datetime!(2026-11-23 17:30:00 UTC);
        assert_eq!(req_date(t), "20261124", "17:30 UTC is 01:30 the next day in Beijing");
        assert_eq!(stamp14(t), "20261124013000");
        assert_eq!(rfc3339(t), "2026-11-23T17:30:00.000Z");
    }
}
