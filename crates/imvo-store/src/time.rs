//! How dates and times are stored: as integers both SQLite and PostgreSQL compare the same way.
//!
//! * An effective date is stored as `BIGINT` `yyyymmdd` (2015-07-10 → 20150710): it orders like
//!   the date, reads like one in a database shell, and needs no date type (SQLite has none).
//!   Years 1 to 9999 only, which keeps the encoding order-preserving.
//! * A moment is stored as `BIGINT` microseconds since 1970-01-01T00:00:00Z (UTC). Moments are
//!   truncated to whole microseconds before they are returned or stored, so what a caller gets
//!   back from `append` equals what a later read returns.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

/// The earliest and latest effective years the store accepts.
pub const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

/// `date` as `yyyymmdd`, or `None` outside [`YEARS`].
pub fn date_to_int(date: NaiveDate) -> Option<i64> {
    YEARS.contains(&date.year()).then(|| {
        i64::from(date.year()) * 10_000 + i64::from(date.month()) * 100 + i64::from(date.day())
    })
}

/// The date of a `yyyymmdd` integer, or `None` when it is not one.
pub fn int_to_date(v: i64) -> Option<NaiveDate> {
    let year = i32::try_from(v / 10_000).ok()?;
    if !YEARS.contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(
        year,
        u32::try_from(v / 100 % 100).ok()?,
        u32::try_from(v % 100).ok()?,
    )
}

/// `t` as microseconds since the Unix epoch.
pub fn time_to_int(t: DateTime<Utc>) -> i64 {
    t.timestamp_micros()
}

/// The moment of a microsecond count, or `None` when out of chrono's range.
pub fn int_to_time(v: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_micros(v)
}

/// `t` truncated to whole microseconds (what the store keeps).
pub fn truncate(t: DateTime<Utc>) -> DateTime<Utc> {
    int_to_time(time_to_int(t)).unwrap_or(t)
}

/// The current time, truncated to whole microseconds.
pub fn now() -> DateTime<Utc> {
    truncate(Utc::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_order() {
        let a = NaiveDate::from_ymd_opt(2015, 7, 10).unwrap();
        let b = NaiveDate::from_ymd_opt(2015, 12, 1).unwrap();
        assert_eq!(date_to_int(a), Some(20150710));
        assert_eq!(int_to_date(20150710), Some(a));
        assert!(date_to_int(a) < date_to_int(b));
        assert_eq!(
            date_to_int(NaiveDate::from_ymd_opt(10000, 1, 1).unwrap()),
            None
        );
        assert_eq!(int_to_date(20151301), None);
    }
}
