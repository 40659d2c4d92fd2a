//! The write cases the crash harness and the fault matrix share: for each write kind of every acquirer, a
//! command that makes one fresh write (its prerequisites made first, in this process), and the checks that
//! the gateway received it exactly once and that the local view agrees.
#![allow(dead_code)]

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

use super::*;

/// One write to kill: the command that makes it, its journal id, and what the checks need.
pub struct Case {
    pub kind: &'static str,
    pub args: Vec<String>,
    pub id: String,
    /// A query finds it once it arrived (otherwise it may stay unknown, and is then never sent again).
    pub provable: bool,
    /// A query can also tell that it never arrived (a business open still in audit looks the same as one
    /// that never came: it stays unknown, never sent again).
    pub absence_provable: bool,
    /// A refund or withdrawal: its own row must agree too.
    pub row: Option<&'static str>,
    /// The gateway path the write goes to (where a fault is armed).
    pub path: &'static str,
}

pub struct Harness {
    pub env: Env,
    pub sb: Sandbox,
    pub desk: desk::Desk,
    pub merchant: String,
    n: u32,
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// A valid unified social credit code whose organisation part is `n` (GB 32100-2015 check character).
fn uscc(n: u32) -> String {
    const CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const W: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let body = format!("91310101{:09}", n);
    let sum: u32 = body.chars().zip(W).map(|(c, w)| CHARS.find(c).unwrap() as u32 * w).sum();
    let check = (31 - sum % 31) % 31;
    format!("{body}{}", CHARS.chars().nth(check as usize).unwrap())
}

impl Harness {
    pub async fn new() -> Harness {
        let sb = Sandbox::start().await;
        let env = profile_on(&sb);
        let f = env.files.path();
        let dir = sb.data_dir();
        let hsq: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("huishouqian/credentials.json")).unwrap()).unwrap();
        let mpg: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("mpgateway/credentials.json")).unwrap()).unwrap();
        let field = |v: &Value, k: &str| v[k].as_str().unwrap().to_string();
        std::fs::write(f.join("hsq_key.pem"), field(&hsq, "merchant_private_key_pem")).unwrap();
        std::fs::write(f.join("hsq_platform.pem"), field(&hsq, "platform_public_key_pem")).unwrap();
        env.json(&[
            "profile",
            "add",
            "hsq",
            "--env",
            "sandbox",
            "--acquirer",
            "huishouqian",
            "--base-url",
            &sb.base,
            "--sys-id",
            &field(&hsq, "merchant_no"),
        ]);
        let out = env
            .cmd(&[
                "--profile",
                "hsq",
                "acquiring",
                "import-keys",
                "--private-key-pem",
                f.join("hsq_key.pem").to_str().unwrap(),
                "--platform-cert",
                f.join("hsq_platform.pem").to_str().unwrap(),
            ])
            .env("PAYDESK_SIGN_KEY", field(&hsq, "sign_key"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        env.json(&[
            "profile",
            "add",
            "mpg",
            "--env",
            "sandbox",
            "--acquirer",
            "mpgateway",
            "--base-url",
            &sb.base,
            "--sys-id",
            &field(&mpg, "merid"),
        ]);
        let out = env
            .cmd(&["--profile", "mpg", "acquiring", "import-keys"])
            .env("PAYDESK_MD5_KEY", field(&mpg, "key"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        // A write whose answer was lost is concluded never arrived by a second query this long after the first.
        for p in ["sbx", "hsq", "mpg"] {
            env.json(&["profile", "tune", p, "absent_grace_ms=300"]);
        }
        let desk = desk::Desk::open_without_reconcile(env.home.path()).unwrap();
        let mut h = Harness { env, sb, desk, merchant: String::new(), n: 0 };
        h.merchant = h.merchant_with_business().await;
        // A paid order of 100.00 fills the merchant's balance for the withdrawals.
        h.paid_order(&h.merchant.clone(), 10_000).await;
        h
    }

    fn next(&mut self) -> u32 {
        self.n += 1;
        self.n
    }

    fn sbx(&self) -> desk::Profile {
        self.desk.profile("sbx").unwrap()
    }

    /// An approved individual merchant onboarded in this process (faster than the binary).
    async fn merchant(&mut self) -> String {
        let n = self.next();
        let dir = self.env.files.path().join(format!("m{n}"));
        std::fs::create_dir_all(&dir).unwrap();
        for p in ["id_front.png", "id_back.png", "card.png"] {
            png(&dir.join(p), 60, 40);
        }
        let form = serde_json::from_value::<desk::services::onboarding::IndvOnboardingForm>(indv_json(
            &format!("商户{n}"),
            &dir,
        ))
        .unwrap();
        self.desk.onboard_individual(&self.sbx(), form, &|_| {}).await.unwrap().huifu_id
    }

    /// A merchant with WeChat and Alipay open (the audit let through on the sandbox clock).
    async fn merchant_with_business(&mut self) -> String {
        use desk::services::busi::{BusiOpenForm, PayConfForm};
        let h = self.merchant().await;
        let conf = |mcc: Option<&str>| {
            vec![PayConfForm {
                pay_scene: "1".into(),
                fee_rate: "0.38".into(),
                mcc: mcc.map(str::to_string),
                ..Default::default()
            }]
        };
        let f = BusiOpenForm {
            huifu_id: h.clone(),
            wx: conf(Some("758")),
            ali: conf(None),
            online_busi_type: Some("H7999AL".into()),
            ..Default::default()
        };
        self.desk.open_business(&self.sbx(), f).await.unwrap();
        self.sb.post("/sandbox/clock/advance", json!({"seconds": 10})).await;
        h
    }

    /// A dougong order of `fen` for `h`, paid; answers its req_seq_id.
    async fn paid_order(&mut self, h: &str, fen: i64) -> String {
        let o = self
            .desk
            .create_qr_order(
                &self.sbx(),
                desk::services::trade::QrOrderForm { huifu_id: h.into(), amount_fen: Some(fen), ..Default::default() },
            )
            .await
            .unwrap();
        self.sb.post(&format!("/sandbox/orders/{}/pay", o.trade.hf_seq_id.clone().unwrap()), json!({})).await;
        o.trade.req_seq_id
    }

    /// Makes what the write of `kind` needs, fresh for this attempt, and answers the command.
    pub async fn case(&mut self, kind: &'static str, attempt: usize) -> Case {
        let id = format!("{}{:06}", self.desk.new_req_seq_id().get(..20).unwrap(), self.next());
        let m = self.merchant.clone();
        let n = self.n;
        let dir = self.env.files.path().join(format!("c{n}"));
        std::fs::create_dir_all(&dir).unwrap();
        let (args, provable, row, journal_id) = match kind {
            "onboarding.indv" => {
                for p in ["id_front.png", "id_back.png", "card.png"] {
                    png(&dir.join(p), 60, 40);
                }
                std::fs::write(dir.join("form.json"), indv_json(&format!("个体{n}"), &dir).to_string()).unwrap();
                (
                    s(&["onboarding", "indv", "--form", dir.join("form.json").to_str().unwrap(), "--req-seq-id", &id]),
                    false,
                    None,
                    id.clone(),
                )
            }
            "onboarding.ent" => {
                let mut form = ent_json(&dir);
                form["licenseCode"] = json!(uscc(n));
                form["regName"] = json!(format!("上海某某{n}科技有限公司"));
                form["loginName"] = json!(format!("crash_{n}"));
                std::fs::write(dir.join("form.json"), form.to_string()).unwrap();
                (
                    s(&["onboarding", "ent", "--form", dir.join("form.json").to_str().unwrap(), "--req-seq-id", &id]),
                    false,
                    None,
                    id.clone(),
                )
            }
            "merchant.modify" => {
                // A contact change (no query can tell a lost one: it may stay unknown, never sent twice).
                let form = json!({"huifuId": m, "contactName": format!("联系人{n}"), "contactMobileNo": "13612345678", "pictures": []});
                std::fs::write(dir.join("change.json"), form.to_string()).unwrap();
                (
                    s(&["modify", "submit", "--form", dir.join("change.json").to_str().unwrap(), "--req-seq-id", &id]),
                    false,
                    None,
                    id.clone(),
                )
            }
            "busi.open" => {
                let h = self.merchant().await;
                (
                    s(&["busi", "open", &h, "--ali", "1:0.38", "--online-busi-type", "H7999AL", "--req-seq-id", &id]),
                    true,
                    None,
                    id.clone(),
                )
            }
            "realname.wx" | "realname.ali" => {
                // The realname query finds a merchant's application, not a req_seq_id: a merchant each.
                let h = self.merchant_with_business().await;
                let ch = if kind == "realname.wx" { "wechat" } else { "alipay" };
                (
                    s(&[
                        "realname",
                        "submit",
                        &h,
                        "--channel",
                        ch,
                        "--name",
                        "张三",
                        "--mobile",
                        "13812345678",
                        "--id-card",
                        "11010519491231002X",
                        "--req-seq-id",
                        &id,
                    ]),
                    true,
                    None,
                    id.clone(),
                )
            }
            "wxconfig.set" => (
                s(&[
                    "wxconfig",
                    "set",
                    &m,
                    "--applet-app-id",
                    &format!("wx{:016x}", n as u64 + 0xabc0_0000),
                    "--req-seq-id",
                    &id,
                ]),
                true,
                None,
                id.clone(),
            ),
            "terminal.add" => (
                s(&[
                    "terminal",
                    "add",
                    &m,
                    "--sn",
                    &format!("SN-K{n}"),
                    "--tusn",
                    &format!("TK{n}"),
                    "--model",
                    "A920",
                    "--req-seq-id",
                    &id,
                ]),
                true,
                None,
                id.clone(),
            ),
            "terminal.cancel" => {
                use desk::services::terminal::TerminalForm;
                let f = TerminalForm {
                    huifu_id: m.clone(),
                    sn: Some(format!("SN-C{n}")),
                    tusn: Some(format!("TC{n}")),
                    dev_model_code: Some("A920".into()),
                    ..Default::default()
                };
                let t = self.desk.add_terminal(&self.sbx(), f).await.unwrap();
                let device = t.iter().find(|t| t.sn == format!("SN-C{n}")).unwrap().device_id.clone();
                (s(&["terminal", "cancel", &m, &device, "--req-seq-id", &id]), true, None, id.clone())
            }
            // The split and bill-config queries show the rule, not the req_seq_id: a different one each time.
            "split.config" => (
                s(&["split", "config", &m, "--ratio", &format!("{}.00", 11 + attempt), "--req-seq-id", &id]),
                true,
                None,
                id.clone(),
            ),
            "bills.config" => {
                let types = ["1", "1,2", "1,2,3", "2,3", "3,4"][attempt];
                (
                    s(&["bill", "config", "--on", "--types", types, "--huifu-id", &m, "--req-seq-id", &id]),
                    true,
                    None,
                    id.clone(),
                )
            }
            "trade.qr" => (
                s(&["trade", "--merchant", &m, "create", "--amount", "0.05", "--req-seq-id", &id]),
                true,
                None,
                id.clone(),
            ),
            "trade.micropay" => {
                let code = self
                    .sb
                    .http
                    .post(format!("{}/sandbox/paycode", self.sb.base))
                    .json(&json!({"channel": "alipay"}))
                    .send()
                    .await
                    .unwrap()
                    .json::<Value>()
                    .await
                    .unwrap();
                let code = code["auth_code"].as_str().unwrap().to_string();
                (
                    s(&[
                        "trade",
                        "--merchant",
                        &m,
                        "pay-code",
                        "--auth-code",
                        &code,
                        "--amount",
                        "0.01",
                        "--req-seq-id",
                        &id,
                    ]),
                    true,
                    None,
                    id.clone(),
                )
            }
            "trade.close" => {
                let o = self
                    .desk
                    .create_qr_order(
                        &self.sbx(),
                        desk::services::trade::QrOrderForm {
                            huifu_id: m.clone(),
                            amount_fen: Some(3),
                            ..Default::default()
                        },
                    )
                    .await
                    .unwrap();
                // Huifu refuses to close an order in its first minute.
                self.sb.post("/sandbox/clock/advance", json!({"seconds": 70})).await;
                (
                    s(&["trade", "--merchant", &m, "close", &o.trade.req_seq_id, "--req-seq-id", &id]),
                    true,
                    None,
                    id.clone(),
                )
            }
            "refund.create" => {
                let o = self.paid_order(&m, 20).await;
                (
                    s(&["refund", "--merchant", &m, "create", "--order", &o, "--amount", "0.10", "--req-seq-id", &id]),
                    true,
                    Some("refunds"),
                    id.clone(),
                )
            }
            "cashout.withdraw" => (
                s(&["cashout", "create", &m, "--amount", "0.01", "--req-seq-id", &id]),
                true,
                Some("withdrawals"),
                id.clone(),
            ),
            "hsq.order" => (
                s(&[
                    "--profile",
                    "hsq",
                    "acquiring",
                    "create",
                    "--product",
                    "DYNAMIC_ALL",
                    "--amount",
                    "0.05",
                    "--order-no",
                    &id,
                ]),
                true,
                None,
                id.clone(),
            ),
            "hsq.close" | "hsq.refund" => {
                let order = format!("HO{id}");
                self.env.json(&[
                    "--profile",
                    "hsq",
                    "acquiring",
                    "create",
                    "--product",
                    "DYNAMIC_ALL",
                    "--amount",
                    "0.05",
                    "--order-no",
                    &order,
                ]);
                if kind == "hsq.close" {
                    (s(&["--profile", "hsq", "acquiring", "close", &order]), true, None, format!("{order}-close"))
                } else {
                    self.sb.post(&format!("/sandbox/huishouqian/orders/{order}/pay"), json!({})).await;
                    (
                        s(&[
                            "--profile",
                            "hsq",
                            "acquiring",
                            "refund",
                            "--order-no",
                            &order,
                            "--amount",
                            "0.02",
                            "--order-amount",
                            "0.05",
                            "--refund-no",
                            &id,
                        ]),
                        true,
                        None,
                        id.clone(),
                    )
                }
            }
            "mpg.order" => (
                s(&[
                    "--profile",
                    "mpg",
                    "acquiring",
                    "create",
                    "--product",
                    "WxSao",
                    "--amount",
                    "0.05",
                    "--order-no",
                    &id,
                ]),
                true,
                None,
                id.clone(),
            ),
            "mpg.cancel" => {
                let order = format!("MO{id}");
                self.env.json(&[
                    "--profile",
                    "mpg",
                    "acquiring",
                    "create",
                    "--product",
                    "WxSao",
                    "--amount",
                    "0.05",
                    "--order-no",
                    &order,
                ]);
                (s(&["--profile", "mpg", "acquiring", "close", &order]), true, None, format!("{order}C"))
            }
            other => panic!("no case for {other}"),
        };
        // Settled by the merchant's state rather than by the write's own id: a state that does not show
        // this write proves nothing (an older configuration, an application still in audit).
        let by_state = ["busi.open", "realname.wx", "realname.ali", "wxconfig.set", "split.config", "bills.config"];
        let absence_provable = provable && !by_state.contains(&kind);
        Case { kind, args, id: journal_id, provable, absence_provable, row, path: path_of(kind) }
    }

    /// How many requests carrying one of the write's signatures (from its intent rows) the gateway got on
    /// the write's own path (the MD5 gateway signs a cancel and a query of the same order alike).
    pub async fn received(&self, id: &str) -> usize {
        let db = self.env.db();
        let mut st = db.prepare("SELECT sign_hash, endpoint FROM audit_log WHERE req_seq_id = ?1 AND outcome = 'intent' AND sign_hash IS NOT NULL").unwrap();
        let signs: Vec<(String, String)> =
            st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
        let path_of = |endpoint: &str| match endpoint.split_once(':') {
            Some(("huishouqian", _)) => "/api/acquiring".to_string(),
            Some(("mpgateway", p)) => p.to_string(),
            _ => endpoint.to_string(),
        };
        let log = self.sb.get("/sandbox/requests?limit=5000").await;
        log["requests"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| signs.iter().any(|(h, e)| r["sign_sha256"] == h.as_str() && r["path"] == path_of(e).as_str()))
            .count()
    }

    fn row_state(&self, table: &str, id: &str) -> Option<String> {
        self.env.db().query_row(&format!("SELECT state FROM {table} WHERE req_seq_id = ?1"), [id], |r| r.get(0)).ok()
    }

    /// Restarts and reconciles until nothing is waiting for its second "not found" query.
    pub async fn restart_and_reconcile(&self) -> Value {
        let mut r = self.env.json(&["reconcile", "--all"]);
        for _ in 0..5 {
            if !r.to_string().contains("not found by query yet") {
                break;
            }
            tokio::time::sleep(Duration::from_millis(350)).await;
            r = self.env.json(&["reconcile", "--all"]);
        }
        r
    }
}

/// An individual's onboarding form as the binary reads it (pictures in `dir`).
fn indv_json(name: &str, dir: &Path) -> Value {
    let pic = |f: &str| dir.join(f).display().to_string();
    json!({
        "regName": name, "shortName": format!("{name}的小店"), "mcc": "5812", "sceneType": "ONLINE", "districtId": "310101",
        "legalCertNo": "11010519491231002X", "legalCertBeginDate": "20200101", "legalCertValidityType": "0",
        "legalCertEndDate": "20400101", "legalAddr": "上海市黄浦区人民大道1号", "contactMobileNo": "13912345678",
        "contactEmail": "shop@example.com",
        "card": {"cardName": name, "cardNo": "6222021234567890128", "areaId": "310100", "certType": "00",
                 "certNo": "11010519491231002X", "certValidityType": "0", "certBeginDate": "20200101", "certEndDate": "20400101"},
        "pictures": [
            {"field": "legal_cert_front_pic", "path": pic("id_front.png")},
            {"field": "legal_cert_back_pic", "path": pic("id_back.png")},
            {"field": "settle_card_front_pic", "path": pic("card.png")}
        ]
    })
}

/// An enterprise's form (it goes to audit) with its pictures written into `dir`.
fn ent_json(dir: &Path) -> Value {
    let mut pictures = Vec::new();
    for f in ["license_pic", "legal_cert_front_pic", "legal_cert_back_pic", "settle_card_front_pic"] {
        let p = dir.join(format!("{f}.png"));
        png(&p, 60, 40);
        pictures.push(json!({"field": f, "path": p.display().to_string()}));
    }
    json!({
        "regName": "上海某某科技有限公司", "shortName": "某某科技", "receiptName": "某某科技", "entType": "3", "mcc": "5812",
        "sceneType": "ONLINE", "licenseCode": "", "licenseValidityType": "1", "licenseBeginDate": "20200101",
        "foundDate": "20200101", "regCapital": "100.00", "regDistrictId": "310101", "regDetail": "上海市黄浦区人民大道1号",
        "districtId": "310101", "legalName": "王五", "legalCertType": "00", "legalCertNo": "11010519491231002X",
        "legalCertValidityType": "1", "legalCertBeginDate": "20200101", "legalAddr": "上海市黄浦区人民大道1号",
        "contactMobileNo": "13712345678", "contactEmail": "boss@example.com", "loginName": "crash_harness",
        "card": {"cardType": "1", "cardName": "王五", "cardNo": "6222021234567890128", "areaId": "310100", "certType": "00",
                 "certNo": "11010519491231002X", "certValidityType": "1", "certBeginDate": "20200101"},
        "pictures": pictures
    })
}

pub const KINDS: [&str; 21] = [
    "onboarding.indv",
    "onboarding.ent",
    "merchant.modify",
    "busi.open",
    "realname.wx",
    "realname.ali",
    "wxconfig.set",
    "terminal.add",
    "terminal.cancel",
    "split.config",
    "bills.config",
    "trade.qr",
    "trade.micropay",
    "trade.close",
    "refund.create",
    "cashout.withdraw",
    "hsq.order",
    "hsq.close",
    "hsq.refund",
    "mpg.order",
    "mpg.cancel",
];

impl Harness {
    /// After a write was cut off (killed, or met a fault): restart and reconcile, check that the local view
    /// agrees with what the gateway received, then retry the same command with the same id and check that
    /// the gateway has it exactly once. `label` names the case in failures.
    pub async fn settle_and_retry(&mut self, c: &Case, label: &str) {
        let args: Vec<&str> = c.args.iter().map(String::as_str).collect();
        let sent = self.received(&c.id).await;
        assert!(sent <= 1, "{label}: received {sent} times before any retry");
        if c.kind.starts_with("busi.") {
            self.sb.post("/sandbox/clock/advance", json!({"seconds": 10})).await;
        }
        let report = self.restart_and_reconcile().await;
        let state = self.env.journal_state(&c.id);
        let view = format!("{label}: received {sent}, journal {state:?}, reconcile {report}");
        match (sent, state.as_deref()) {
            (0, None) => {}
            (0, Some("failed")) => {}
            (1, Some("settled")) => {}
            // No query can tell whether it arrived: it stays unknown, whether it did or not.
            (0 | 1, Some("unknown")) if !c.provable => {}
            (0, Some("unknown")) if !c.absence_provable => {}
            _ => panic!("{view}: the local view disagrees with the gateway"),
        }
        if let Some(table) = c.row {
            let row = self.row_state(table, &c.id);
            let ok = matches!(
                (sent, row.as_deref()),
                (0, None | Some("prepared") | Some("failed")) | (1, Some("pending") | Some("success"))
            );
            assert!(ok, "{view}: the {table} row says {row:?}");
        }
        // The person retries the same command with the same id.
        let retry = self.env.run(&args);
        let after = self.received(&c.id).await;
        // A write that stays unknown is never sent again, so it is there as often as before the retry.
        let want = if state.as_deref() == Some("unknown") { sent } else { 1 };
        assert_eq!(
            after,
            want,
            "{view}: after the retry the gateway received it {after} times ({})",
            String::from_utf8_lossy(&retry.stderr)
        );
        if state.as_deref() != Some("unknown") {
            assert!(retry.status.success(), "{view}: the retry failed: {}", String::from_utf8_lossy(&retry.stderr));
            assert_eq!(self.env.journal_state(&c.id).as_deref(), Some("settled"), "{view}");
        } else {
            assert!(!retry.status.success(), "{view}: a write no query can find is never sent again");
        }
    }
}

/// The gateway path of each kind's write.
fn path_of(kind: &str) -> &'static str {
    match kind {
        "onboarding.indv" => "/v2/merchant/basicdata/indv",
        "onboarding.ent" => "/v2/merchant/basicdata/ent",
        "merchant.modify" => "/v2/merchant/basicdata/modify",
        "busi.open" => "/v2/merchant/busi/open",
        "realname.wx" => "/v2/merchant/busi/realname",
        "realname.ali" => "/v2/merchant/busi/ali/realname/apply",
        "wxconfig.set" => "/v2/merchant/busi/config",
        "terminal.add" => "/v2/terminaldevice/deviceInfo/add",
        "terminal.cancel" => "/v2/terminaldevice/deviceInfo/cancel",
        "split.config" => "/v2/merchant/split/config",
        "bills.config" => "/v2/merchant/busi/bill/config",
        "trade.qr" => "/v2/trade/payment/jspay",
        "trade.micropay" => "/v2/trade/payment/micropay",
        "trade.close" => "/v2/trade/payment/scanpay/close",
        "refund.create" => "/v2/trade/payment/scanpay/refund",
        "cashout.withdraw" => "/v2/trade/settlement/encashment",
        "hsq.order" | "hsq.close" | "hsq.refund" => "/api/acquiring",
        "mpg.order" => "/api/mpgateway",
        "mpg.cancel" => "/api/cancel",
        other => panic!("no path for {other}"),
    }
}
