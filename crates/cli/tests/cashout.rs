//! `paydesk cashout balance`, `paydesk cashout` and `paydesk notify` from the binary, against the real sandbox over
//! loopback with the real keychain and a real SQLite file in a temporary PAYDESK_HOME.

use std::process::Stdio;

use serde_json::{json, Value};

mod common;
use common::*;

/// A sandbox of the test's own, a profile `sbx` on it, an individual merchant with Alipay open and 50.00
/// paid (setup through the CLI where it has commands; the payment straight through the dougong client).
async fn setup() -> (Env, Sandbox, String) {
    let sb = Sandbox::start().await;
    let (base, http, creds) = (sb.base.clone(), sb.http.clone(), sb.credentials());
    let env = profile_on(&sb);
    let h = onboard_indv(&env, "王五", "wangwu@example.com");
    env.json(&["busi", "open", &h, "--ali", "1:0.38", "--online-busi-type", "H7999AL"]);
    http.post(format!("{base}/sandbox/clock/advance")).json(&json!({"seconds": 10})).send().await.unwrap();
    let code: Value = http
        .post(format!("{base}/sandbox/paycode"))
        .json(&json!({"channel": "alipay"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let client = dougong::Client::builder()
        .base_url(base.clone())
        .sys_id(creds.sys_id.clone())
        .product_id(creds.product_id.clone())
        .private_key(dougong::keys::PrivateKey::from_text(&creds.private_key).unwrap())
        .huifu_public_key(dougong::keys::PublicKey::from_text(&creds.huifu_public_key).unwrap())
        .build()
        .unwrap();
    let clock: Value = http.get(format!("{base}/sandbox/clock")).send().await.unwrap().json().await.unwrap();
    let today = clock["now"].as_str().unwrap()[..8].to_string();
    let pay = json!({"req_seq_id": format!("cli{}", std::process::id()), "req_date": today, "huifu_id": h, "goods_desc": "x", "trans_amt": "50.00",
        "auth_code": code["auth_code"], "risk_check_data": json!({"ip_addr": "127.0.0.1"}).to_string()});
    let r = client.call_raw("/v2/trade/payment/micropay", pay.as_object().unwrap().clone()).await.unwrap();
    assert_eq!(r["trans_stat"], "S", "{r}");
    (env, sb, h)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn balance_withdraw_and_notify_from_the_cli() {
    let (env, sb, h) = setup().await;
    let b = env.json(&["cashout", "balance", &h]);
    assert_eq!(b["availableFen"], 4_981, "50.00 - 0.19 fee: {b}");
    let text = String::from_utf8_lossy(&env.run(&["cashout", "balance", &h]).stdout).to_string();
    assert!(text.contains("available 49.81 yuan"), "{text}");

    // Refused before sending, naming the field, exit code 2.
    let (code, e) = env.fails(&["cashout", "create", &h, "--amount", "49.82"]);
    assert_eq!((code, e["field"].as_str()), (2, Some("amount")), "{e}");
    let (code, e) = env.fails(&["cashout", "create", &h, "--amount=-1"]);
    assert_eq!((code, e["field"].as_str()), (2, Some("amount")), "{e}");

    // The same --req-seq-id twice is one withdrawal; --follow waits for the final state.
    let seq = "20261130clicash0001";
    let w = env.json(&["cashout", "create", &h, "--amount", "20.00", "--req-seq-id", seq]);
    assert_eq!((w["state"].as_str(), w["amountFen"].as_i64()), (Some("pending"), Some(2_000)), "{w}");
    let again = env.json(&["cashout", "create", &h, "--amount", "20.00", "--req-seq-id", seq]);
    assert_eq!(again["hfSeqId"], w["hfSeqId"]);
    let reqs: Value =
        reqwest::get(format!("{}/sandbox/requests?limit=1000", sb.base)).await.unwrap().json().await.unwrap();
    let sent =
        reqs["requests"].as_array().unwrap().iter().filter(|r| r["path"] == "/v2/trade/settlement/encashment").count();
    assert_eq!(sent, 1, "sent once");
    let done = env.json(&["cashout", "query", seq, "--follow", "--wait", "20"]);
    assert_eq!(done["state"], "success", "{done}");
    let list = env.json(&["cashout", "list", "--merchant", &h]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(env.json(&["cashout", "balance", &h])["availableFen"], 2_981);

    // The receiver from the CLI: a forged notification is refused (HTTP 400) and listed as rejected.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let listen = format!("127.0.0.1:{port}");
    let s = env.json(&["notify", "config", "--listen", &listen]);
    assert_eq!(s["notifyUrl"], format!("http://{listen}/notify/sbx"));
    let mut serve = env.cmd(&["notify", "serve"]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let http = reqwest::Client::new();
    let mut up = false;
    for _ in 0..200 {
        if http.get(format!("http://{listen}/")).send().await.is_ok() {
            up = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let forged = "resp_code=10000&resp_desc=x&resp_data=%7B%22req_seq_id%22%3A%22X1%22%2C%22trans_stat%22%3A%22S%22%7D&sign=AAAA";
    let status = if up {
        http.post(format!("http://{listen}/notify/sbx")).body(forged).send().await.unwrap().status().as_u16()
    } else {
        0
    };
    let _ = serve.kill();
    let _ = serve.wait();
    assert!(up, "the receiver answers");
    assert_eq!(status, 400);
    let l = env.json(&["notify", "list", "--rejected"]);
    assert_eq!(l["total"], 1, "{l}");
    assert_eq!(l["rows"][0]["verified"], false);
    sb.shutdown().await;
}

#[test]
fn a_profile_on_a_production_host_asks_whatever_its_label_and_relabelling_asks_and_is_audited() {
    let env = Env::new();
    // Labelled joint-debug, pointed at Huifu's production host: writes still need --yes.
    env.json(&[
        "profile",
        "add",
        "mislabelled",
        "--env",
        "joint-debug",
        "--sys-id",
        "6666000108854952",
        "--product-id",
        "YYZY",
        "--base-url",
        "https://api.huifu.com",
    ]);
    let listed = env.json(&["profile", "show", "mislabelled"]);
    assert_eq!(listed["profile"]["production"], true, "{listed}");
    let out = env.run(&[
        "--profile",
        "mislabelled",
        "cashout",
        "create",
        "6666000108854952",
        "--amount",
        "1.00",
        "--token-no",
        "10000000001",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("PRODUCTION host")
            && String::from_utf8_lossy(&out.stderr).contains("--yes")
    );

    // Moving a test profile to production (label or URL) asks first and leaves an audit row.
    env.json(&["profile", "add", "t", "--env", "joint-debug", "--sys-id", "6666000108854952", "--product-id", "YYZY"]);
    let (code, err) = env.fails(&["profile", "set", "t", "--env", "prod"]);
    assert_eq!((code, err["code"].as_str()), (2, Some("confirmation_required")), "{err}");
    let (code, _) = env.fails(&["profile", "set", "t", "--base-url", "https://api.huifu.com"]);
    assert_eq!(code, 2, "a new URL asks too");
    assert_eq!(
        env.json(&["profile", "show", "t"])["profile"]["environment"],
        "joint_debug",
        "nothing changed without a yes"
    );
    let p = env.json(&["--yes", "profile", "set", "t", "--env", "prod"]);
    assert_eq!((p["environment"].as_str(), p["production"].as_bool()), (Some("prod"), Some(true)));
    let rows = env.json(&["audit", "search", "--endpoint", "profile.destination"]);
    assert_eq!(rows["total"], 1, "{rows}");
    let req: Value = serde_json::from_str(rows["rows"][0]["request"].as_str().unwrap()).unwrap();
    assert_eq!(
        (req["fromEnvironment"].as_str(), req["toEnvironment"].as_str(), req["toProduction"].as_bool()),
        (Some("joint_debug"), Some("prod"), Some(true)),
        "{req}"
    );
    // Other settings change without asking.
    env.json(&["profile", "set", "t", "--sys-id", "6666000108854953"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn withdrawals_against_prod_need_yes() {
    let env = Env::new();
    env.json(&["profile", "add", "live", "--env", "prod", "--sys-id", "6666000108854952", "--product-id", "YYZY"]);
    let out = env.run(&[
        "--profile",
        "live",
        "cashout",
        "create",
        "6666000108854952",
        "--amount",
        "1.00",
        "--token-no",
        "10000000001",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
    let c = rusqlite::Connection::open(env.home.path().join("paydesk.db")).unwrap();
    let n: i64 = c.query_row("SELECT count(*) FROM journal", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 0, "nothing journalled or sent without confirmation");
}
