//! Where a profile's requests go decides whether they move real money, not the label a person gave it.
//! A base URL is production when its host is a known production host of any acquirer, or any host that is
//! neither loopback nor a known test host: a joint-debug profile pointed at `https://api.huifu.com`, or a
//! production profile relabelled, still asks before every write. Only loopback (the built-in sandbox) and
//! the acquirers' published test hosts are not production.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Hosts the acquirers publish for real traffic (spec §1; other-gateways §1.2 and §3). Listed so a
/// reader sees them; any host not below counts as production anyway.
pub const KNOWN_PRODUCTION_HOSTS: &[&str] = &[
    "api.huifu.com",
    "spin.cloudpnr.com",
    "api.huishouqian.com",
    // 慧收钱's pre-production (准生产) runs on live accounts.
    "api-pre.huishouqian.com",
    "api.zhifujiekou.com",
    "i.zpaaa.com",
    "api.hbasechina.org",
    "api.yulea.net",
];

/// The acquirers' published test hosts: requests there move no real money.
pub const KNOWN_TEST_HOSTS: &[&str] =
    &["opps-stbmertest.testpnr.com", "spin-test.cloudpnr.com", "test-api.huishouqian.com"];

/// What kind of place a base URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Destination {
    /// This machine (the built-in sandbox, a local simulator).
    Loopback,
    /// An acquirer's published test environment.
    TestHost,
    /// Anything else: real money.
    Production,
}

/// Classifies `base_url`. An unreadable URL is production: when in doubt, ask.
pub fn destination(base_url: &str) -> Destination {
    let Ok(url) = url::Url::parse(base_url.trim()) else { return Destination::Production };
    match url.host() {
        Some(url::Host::Ipv4(ip)) if ip.is_loopback() => Destination::Loopback,
        Some(url::Host::Ipv6(ip)) if ip.is_loopback() => Destination::Loopback,
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            if d == "localhost" || d.ends_with(".localhost") {
                Destination::Loopback
            } else if KNOWN_TEST_HOSTS.contains(&d.as_str()) {
                Destination::TestHost
            } else {
                Destination::Production
            }
        }
        _ => Destination::Production,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_and_published_test_hosts_are_not_production() {
        for u in [
            "http://127.0.0.1:8650",
            "http://127.3.4.5",
            "http://[::1]:80/x",
            "http://localhost:1",
            "http://LOCALHOST.",
        ] {
            assert_eq!(destination(u), Destination::Loopback, "{u}");
        }
        for u in [
            "https://opps-stbmertest.testpnr.com",
            "https://Test-Api.HuiShouQian.com/api",
            "https://spin-test.cloudpnr.com",
        ] {
            assert_eq!(destination(u), Destination::TestHost, "{u}");
        }
        for u in [
            "https://api.huifu.com",
            "https://API.HUIFU.COM./v2",
            "https://api.huishouqian.com",
            "https://api-pre.huishouqian.com",
            "https://pay.example.com",
            "http://192.168.1.10:8080",
            "https://opps-stbmertest.testpnr.com.evil.example",
            "https://127.0.0.1.nip.io",
            "not a url",
        ] {
            assert_eq!(destination(u), Destination::Production, "{u}");
        }
        for h in KNOWN_PRODUCTION_HOSTS {
            assert_eq!(destination(&format!("https://{h}")), Destination::Production, "{h}");
        }
    }
}
