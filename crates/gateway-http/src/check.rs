//! Checks of client settings, done before anything is built or sent; the error names the setting.

use crate::error::{Error, FieldError};

/// A base URL: `http://` or `https://`, returned without a trailing `/`.
pub fn base_url(v: &str) -> Result<String, Error> {
    if !(v.starts_with("http://") || v.starts_with("https://")) {
        return Err(Error::Invalid(FieldError::new("base_url", "must start with http:// or https://")));
    }
    Ok(v.trim_end_matches('/').to_string())
}

/// A merchant number or id issued by the platform: 1..=32 ASCII letters and digits. `what` says whose
/// number it must be, for the error.
pub fn merchant_id(field: &str, v: &str, what: &str) -> Result<(), Error> {
    if v.is_empty() || v.len() > 32 || !v.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::Invalid(FieldError::new(field, format!("must be {what} (letters/digits)"))));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_named() {
        assert_eq!(base_url("http://127.0.0.1:1/").unwrap(), "http://127.0.0.1:1");
        assert!(matches!(base_url("ftp://x"), Err(Error::Invalid(f)) if f.field == "base_url"));
        assert!(merchant_id("merid", "ABC123", "the id").is_ok());
        let e = merchant_id("merid", "a-b", "the gateway's merchant id").unwrap_err();
        assert_eq!(e.to_string(), "invalid request: merid: must be the gateway's merchant id (letters/digits)");
        assert!(merchant_id("merid", &"1".repeat(33), "x").is_err());
    }
}
