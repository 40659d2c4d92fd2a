//! What an acquirer's answer code says about the request: the one classification desk settles writes by.
//! Each acquirer keeps its own code table and maps its codes onto these classes.

/// What a response code says about the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeClass {
    /// Taken: the order was created and waits for the payer.
    Accepted,
    /// Taken and still in progress: query later, never send again.
    Processing,
    /// The platform has no such order or record: a write with this number never arrived.
    NotFound,
    /// The number is already used: query it.
    AlreadyExists,
    /// The order is closed, cancelled or expired.
    Closed,
    /// Refused; the request changed nothing. Also every code a table does not know.
    Refused,
}

/// Every class with its wire-stable name, in one place for [`CodeClass::as_str`] and [`CodeClass::parse`].
const NAMES: [(CodeClass, &str); 6] = [
    (CodeClass::Accepted, "accepted"),
    (CodeClass::Processing, "processing"),
    (CodeClass::NotFound, "not_found"),
    (CodeClass::AlreadyExists, "already_exists"),
    (CodeClass::Closed, "closed"),
    (CodeClass::Refused, "refused"),
];

impl CodeClass {
    /// The wire-stable name (`accepted`, `processing`, `not_found`, `already_exists`, `closed`, `refused`).
    pub fn as_str(self) -> &'static str {
        NAMES.iter().find(|(c, _)| *c == self).map(|(_, n)| *n).unwrap_or("refused")
    }

    /// Parses a wire-stable name (surrounding blanks ignored).
    pub fn parse(s: &str) -> Option<CodeClass> {
        NAMES.iter().find(|(_, n)| *n == s.trim()).map(|(c, _)| *c)
    }

    /// The request was taken (accepted or processing).
    pub fn is_taken(self) -> bool {
        matches!(self, CodeClass::Accepted | CodeClass::Processing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for (c, n) in NAMES {
            assert_eq!(c.as_str(), n);
            assert_eq!(CodeClass::parse(&format!(" {n} ")), Some(c));
        }
        assert_eq!(CodeClass::parse("paid"), None);
        assert!(CodeClass::Processing.is_taken() && !CodeClass::Closed.is_taken());
    }
}
