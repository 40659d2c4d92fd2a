//! The exact strings that get signed (spec other-gateways §1.4). Pure functions, tested stage by stage
//! against vectors made by openssl (tests/golden/make.sh).
//!
//! Fixed order, NOT sorted; values raw (not URL-encoded), exactly the strings that are posted; the merchant
//! sign key appended as `&key=`, never posted.

/// The six signed envelope fields of a request or a notification, in wire order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvelopeFields<'a> {
    pub method: &'a str,
    pub version: &'a str,
    pub format: &'a str,
    pub merchant_no: &'a str,
    pub sign_type: &'a str,
    pub sign_content: &'a str,
}

/// `method=..&version=..&format=..&merchantNo=..&signType=..&signContent=..&key=..`: what a request and
/// a notification are signed over.
pub fn envelope_plain(f: &EnvelopeFields<'_>, key: &str) -> String {
    format!(
        "method={}&version={}&format={}&merchantNo={}&signType={}&signContent={}&key={}",
        f.method, f.version, f.format, f.merchant_no, f.sign_type, f.sign_content, key
    )
}

/// `result=<inner JSON text>&success=true&key=..`: what a successful answer is signed over.
pub fn response_ok_plain(result: &str, key: &str) -> String {
    format!("result={result}&success=true&key={key}")
}

/// `errorCode=..&errorMsg=..&success=false&key=..`: what a refused answer is signed over. Empty values
/// stay in as `errorMsg=` (the PHP reading; spec §1.4.2 marks this ASSUMED).
pub fn response_error_plain(error_code: &str, error_msg: &str, key: &str) -> String {
    format!("errorCode={error_code}&errorMsg={error_msg}&success=false&key={key}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_order_not_sorted() {
        let f = EnvelopeFields {
            method: "POLYMERIZE_QUERY",
            version: "1.0",
            format: "JSON",
            merchant_no: "800000000001",
            sign_type: "RSA2",
            sign_content: r#"{"transNo":"T1","queryType":1}"#,
        };
        let p = envelope_plain(&f, "k");
        assert!(p.starts_with("method=POLYMERIZE_QUERY&version=1.0&format=JSON&merchantNo="), "wire order: {p}");
        assert!(p.ends_with(r#"signContent={"transNo":"T1","queryType":1}&key=k"#), "content raw, key last: {p}");
    }

    #[test]
    fn error_plain_keeps_empty_message() {
        assert_eq!(response_error_plain("E1", "", "k"), "errorCode=E1&errorMsg=&success=false&key=k");
    }
}
