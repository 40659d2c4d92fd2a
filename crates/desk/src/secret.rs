//! Key text as a type (style habit 4): `Debug` prints `<redacted>`, there is no `Display`, no `Serialize`,
//! no `Clone`, and the memory is wiped on drop. The only way to the text is [`Secret::expose`], which greps
//! well in review.

use zeroize::Zeroizing;

/// A secret string (a private key's text).
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps `text`; the caller's copy should be dropped.
    pub fn new(text: impl Into<String>) -> Secret {
        Secret(Zeroizing::new(text.into()))
    }

    /// The text, for the one place that needs it (parsing, the keychain call).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Secret {
        Secret::new(s)
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Reading a secret from IPC or a file is fine; writing one out is not.
impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Secret, D::Error> {
        String::deserialize(d).map(Secret::new)
    }
}

// Serialising a Secret must not compile. This is checked by a doc test:
/// ```compile_fail
/// fn needs_serialize<T: serde::Serialize>() {}
/// needs_serialize::<desk::Secret>();
/// ```
#[allow(dead_code)]
fn serialize_is_not_implemented() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let s = Secret::new("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
        assert_eq!(format!("{s:?}"), "<redacted>");
        assert_eq!(format!("{:?}", Some(&s)), "Some(<redacted>)");
    }
}
