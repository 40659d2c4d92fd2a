//! The Sandbox page's generic control call against the real in-process sandbox: records, the clock moving
//! forward (and refusing to go back), a fault armed then cleared; refused for a non-sandbox profile.

mod common;

use desk::services::sandbox::{ControlMethod, SandboxControl};
use serde_json::json;

fn ctl(method: ControlMethod, path: &str, body: Option<serde_json::Value>) -> SandboxControl {
    SandboxControl { method, path: path.into(), body }
}

#[tokio::test]
async fn controls_reach_the_running_sandbox() {
    let (_dir, desk) = common::temp_desk();
    let sb = desk.profile(desk::SANDBOX_PROFILE).unwrap();
    let merchants =
        desk.run_sandbox_control(&sb, ctl(ControlMethod::Get, "/sandbox/records/merchants", None)).await.unwrap();
    assert!(merchants["records"].is_array(), "{merchants}");

    let before = desk.run_sandbox_control(&sb, ctl(ControlMethod::Get, "/sandbox/clock", None)).await.unwrap();
    desk.run_sandbox_control(&sb, ctl(ControlMethod::Post, "/sandbox/clock/advance", Some(json!({"minutes": 5}))))
        .await
        .unwrap();
    let after = desk.run_sandbox_control(&sb, ctl(ControlMethod::Get, "/sandbox/clock", None)).await.unwrap();
    let moved = after["offset_ms"].as_i64().unwrap() - before["offset_ms"].as_i64().unwrap();
    assert!(moved >= 5 * 60_000, "the clock moved by 5 minutes: {before} → {after}");
    let back = desk
        .run_sandbox_control(&sb, ctl(ControlMethod::Post, "/sandbox/clock/advance", Some(json!({"minutes": -1}))))
        .await
        .unwrap_err();
    assert_eq!(back.code, desk::ErrorCode::Sandbox, "{back:?}");

    desk.run_sandbox_control(
        &sb,
        ctl(ControlMethod::Post, "/sandbox/faults", Some(json!({"kind": "http5xx", "count": 2}))),
    )
    .await
    .unwrap();
    let armed = desk.run_sandbox_control(&sb, ctl(ControlMethod::Get, "/sandbox/faults", None)).await.unwrap();
    assert_eq!(armed["faults"].as_array().unwrap().len(), 1, "{armed}");
    desk.run_sandbox_control(&sb, ctl(ControlMethod::Delete, "/sandbox/faults", None)).await.unwrap();
    let cleared = desk.run_sandbox_control(&sb, ctl(ControlMethod::Get, "/sandbox/faults", None)).await.unwrap();
    assert!(cleared["faults"].as_array().unwrap().is_empty(), "{cleared}");

    let nope =
        desk.run_sandbox_control(&sb, ctl(ControlMethod::Get, "/v2/merchant/basicdata/query", None)).await.unwrap_err();
    assert_eq!(nope.field.as_deref(), Some("path"));
    desk.shutdown().await;
}

#[tokio::test]
async fn controls_are_refused_for_other_profiles() {
    let (_dir, desk) = common::temp_desk();
    let p = desk
        .create_profile(desk::NewProfile {
            name: "jd".into(),
            environment: Some(desk::Environment::JointDebug),
            sys_id: "6666000000000000".into(),
            product_id: "YYZY".into(),
            ..Default::default()
        })
        .unwrap();
    let e = desk.run_sandbox_control(&p, ctl(ControlMethod::Get, "/sandbox/info", None)).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("profile"));
}
