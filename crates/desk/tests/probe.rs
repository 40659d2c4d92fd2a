//! "Test connection" against the real built-in sandbox: the sandbox profiles answer ok for each acquirer;
//! a key the gateway does not know is refused with Huifu's code; a closed port is a network error; a
//! profile without keys is a key problem. Nothing is written (no journal entry, no order).

mod common;

use common::*;
use desk::acquiring::{SANDBOX_HSQ_PROFILE, SANDBOX_MPG_PROFILE};
use desk::profile::probe::ProbeOutcome;
use desk::{Environment, NewProfile};

#[tokio::test(flavor = "multi_thread")]
async fn a_signed_read_per_acquirer_and_each_failure_named() {
    let (dir, desk) = temp_desk();
    desk.ensure_acquirer_sandbox_profiles().await.unwrap();
    for (name, call) in [
        (desk::SANDBOX_PROFILE, "/v2/merchant/busi/bill/query"),
        (SANDBOX_HSQ_PROFILE, "POLYMERIZE_QUERY"),
        (SANDBOX_MPG_PROFILE, "/api/query"),
    ] {
        let r = desk.test_connection(&desk.profile(name).unwrap()).await;
        assert_eq!((r.outcome, r.call.as_str()), (ProbeOutcome::Ok, call), "{r:?}");
    }

    let sb = desk.profile(desk::SANDBOX_PROFILE).unwrap();
    let creds: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("sandbox/credentials.json")).unwrap()).unwrap();
    let make = |name: &str, base_url: &str| NewProfile {
        name: name.into(),
        environment: Some(Environment::Sandbox),
        base_url: Some(base_url.into()),
        sys_id: sb.sys_id.clone(),
        product_id: sb.product_id.clone(),
        ..Default::default()
    };
    desk.create_profile(make("nokeys", &sb.base_url)).unwrap();
    let r = desk.test_connection(&desk.profile("nokeys").unwrap()).await;
    assert_eq!(r.outcome, ProbeOutcome::Keys, "{r:?}");

    desk.create_profile(make("stranger", &sb.base_url)).unwrap();
    desk.generate_key("stranger").unwrap();
    desk.set_huifu_public_key("stranger", creds["huifu_public_key"].as_str().unwrap()).unwrap();
    let r = desk.test_connection(&desk.profile("stranger").unwrap()).await;
    assert_eq!(r.outcome, ProbeOutcome::Refused, "a key the gateway does not know: {r:?}");
    assert!(r.resp_code.is_some() && !r.message.is_empty(), "{r:?}");

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    desk.create_profile(make("closed", &format!("http://127.0.0.1:{closed}"))).unwrap();
    desk.generate_key("closed").unwrap();
    desk.set_huifu_public_key("closed", creds["huifu_public_key"].as_str().unwrap()).unwrap();
    let r = desk.test_connection(&desk.profile("closed").unwrap()).await;
    assert_eq!(r.outcome, ProbeOutcome::Network, "{r:?}");
    desk.shutdown().await;
}
