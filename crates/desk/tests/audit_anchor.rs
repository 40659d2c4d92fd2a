//! The audit chain's key and anchor live in the real OS keychain: they survive an app restart and a
//! keychain lock (the lock is real: the Secret Service collection is locked and unlocked over D-Bus), and a
//! signed digest made yesterday still vouches for today's log — checked by Paydesk and, independently, by
//! openssl. One test per binary step, in order: locking the keychain would break tests running beside it.
#![allow(clippy::result_large_err)]

mod common;

use common::*;
use desk::audit::{self, digest, AuditProblemKind, NewAuditRow, Outcome};
use desk::{Desk, ErrorCode};
use serde_json::json;

fn add(desk: &Desk, n: i64, at: &str) {
    for i in 0..n {
        audit::record(
            desk.store(),
            desk.audit_chain(),
            NewAuditRow {
                at: at.into(),
                profile: "sandbox",
                endpoint: "/v2/trade/payment/scanpay/query",
                merchant: Some("6666000100000001"),
                req_seq_id: Some(&format!("q{i}")),
                request: &json!({"huifu_id": "6666000100000001", "org_req_seq_id": format!("o{i}")}),
                response: Some(&json!({"resp_code": "00000000"})),
                key_id: None,
                signature: None,
                outcome: Outcome::Ok,
                resp_code: Some("00000000"),
                error: None,
                duration_ms: 3,
            },
        )
        .unwrap();
    }
}

fn rows(desk: &Desk) -> i64 {
    desk.store().with_conn(|c| Ok(c.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?)).unwrap()
}

#[cfg(target_os = "linux")]
mod keychain_lock {
    //! Locks and unlocks the Secret Service's login collection (gnome-keyring in the test session, unlocked
    //! with the password scripts/keyring-session.sh gives it).
    use std::time::Duration;

    use dbus::arg::{RefArg, Variant};
    use dbus::blocking::Connection;

    const LOGIN: &str = "/org/freedesktop/secrets/collection/login";

    pub fn lock() {
        let c = Connection::new_session().unwrap();
        let p = c.with_proxy("org.freedesktop.secrets", "/org/freedesktop/secrets", Duration::from_secs(10));
        let (locked, _prompt): (Vec<dbus::Path>, dbus::Path) =
            p.method_call("org.freedesktop.Secret.Service", "Lock", (vec![dbus::Path::from(LOGIN)],)).unwrap();
        assert_eq!(locked.len(), 1, "the login collection is locked");
    }

    pub fn unlock() {
        let c = Connection::new_session().unwrap();
        let p = c.with_proxy("org.freedesktop.secrets", "/org/freedesktop/secrets", Duration::from_secs(10));
        let (_out, session): (Variant<Box<dyn RefArg>>, dbus::Path) =
            p.method_call("org.freedesktop.Secret.Service", "OpenSession", ("plain", Variant(""))).unwrap();
        let secret = (session, Vec::<u8>::new(), b"paydesk-test".to_vec(), "text/plain");
        let () = p
            .method_call(
                "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface",
                "UnlockWithMasterPassword",
                (dbus::Path::from(LOGIN), secret),
            )
            .unwrap();
    }
}

#[test]
fn key_and_anchor_survive_a_restart_and_a_keychain_lock_and_digests_vouch_for_earlier_rows() {
    let dir = tempfile::tempdir().unwrap();

    // --- yesterday: six rows and a digest of them -----------------------------------------------------
    let desk = Desk::open_without_reconcile(dir.path()).unwrap();
    add(&desk, 6, "2026-11-30T10:00:00.000Z");
    let d = digest::make(desk.store(), desk.audit_chain(), desk.keychain().service(), "2026-11-30T23:59:00Z").unwrap();
    let pem = desk.audit_chain().digest_public_key().unwrap().expect("the signing key exists once a digest was made");
    let r = audit::verify(desk.store(), desk.audit_chain()).unwrap();
    assert!(r.ok && r.keyed && r.anchored_seq == Some(6), "{r:?}");
    // A form draft, sealed with the data key (the same keychain, the same survival).
    let draft = json!({"reqSeqId": "x", "values": {"legal_cert_no": "11010519491231002X"}});
    desk.save_draft("onboarding.indv", &draft).unwrap();
    drop(desk);

    // The digest checks outside Paydesk: openssl verifies its signature with the public key alone.
    let files = tempfile::tempdir().unwrap();
    let (payload, sig, key) =
        (files.path().join("payload.json"), files.path().join("sig.bin"), files.path().join("key.pem"));
    std::fs::write(&payload, &d.payload).unwrap();
    use base64::Engine as _;
    std::fs::write(&sig, base64::engine::general_purpose::STANDARD.decode(&d.signature).unwrap()).unwrap();
    std::fs::write(&key, &pem).unwrap();
    let openssl = |payload: &std::path::Path| {
        std::process::Command::new("openssl")
            .args(["pkeyutl", "-verify", "-pubin", "-inkey"])
            .arg(&key)
            .arg("-rawin")
            .arg("-in")
            .arg(payload)
            .arg("-sigfile")
            .arg(&sig)
            .output()
            .expect("openssl runs")
    };
    let out = openssl(&payload);
    assert!(
        out.status.success() && String::from_utf8_lossy(&out.stdout).contains("Signature Verified Successfully"),
        "{out:?}"
    );
    let forged = files.path().join("forged.json");
    std::fs::write(&forged, d.payload.replace("\"rows\": 6", "\"rows\": 5")).unwrap();
    assert!(!openssl(&forged).status.success(), "openssl refuses an altered digest");

    // --- today: the app restarts (a new Desk reads key and anchor from the keychain) and adds rows -------
    let desk = Desk::open_without_reconcile(dir.path()).unwrap();
    assert_eq!(desk.load_draft("onboarding.indv").unwrap(), Some(draft.clone()), "the draft opens after a restart");
    add(&desk, 4, "2026-12-01T10:00:00.000Z");
    let r = audit::verify(desk.store(), desk.audit_chain()).unwrap();
    assert!(
        r.ok && r.rows == 10 && r.anchored_seq == Some(10),
        "the old rows verify with the same key after a restart: {r:?}"
    );
    let c = digest::check(desk.store(), desk.audit_chain(), &d, None).unwrap();
    assert!(c.ok && c.rows == 6, "yesterday's digest vouches for today's longer log: {c:?}");
    let c = digest::check(desk.store(), desk.audit_chain(), &d, Some(&pem)).unwrap();
    assert!(c.ok, "and so it does for anyone holding only the public key: {c:?}");

    // A digest signed by another desk's key is not trusted for this one.
    let (_other_dir, other) = temp_desk();
    add(&other, 1, "2026-12-01T10:00:00.000Z");
    let foreign =
        digest::make(other.store(), other.audit_chain(), other.keychain().service(), "2026-12-01T11:00:00Z").unwrap();
    let c = digest::check(desk.store(), desk.audit_chain(), &foreign, None).unwrap();
    assert!(
        !c.ok
            && c.problems[0].kind == AuditProblemKind::Unverifiable
            && c.problems[0].message.contains("signed by key"),
        "{c:?}"
    );

    // --- the keychain is locked ----------------------------------------------------------------------
    #[cfg(target_os = "linux")]
    {
        keychain_lock::lock();
        // A restart while it is locked: no key, so no audit row and nothing half-written; verify says why.
        let locked = Desk::open_without_reconcile(dir.path()).unwrap();
        let before = rows(&locked);
        let e = audit::record(
            locked.store(),
            locked.audit_chain(),
            NewAuditRow {
                at: "2026-12-01T11:00:00.000Z".into(),
                profile: "sandbox",
                endpoint: "/x",
                merchant: None,
                req_seq_id: None,
                request: &json!({}),
                response: None,
                key_id: None,
                signature: None,
                outcome: Outcome::Ok,
                resp_code: None,
                error: None,
                duration_ms: 0,
            },
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::Keychain, "{e:?}");
        assert_eq!(rows(&locked), before, "nothing written without the key");
        let e = audit::verify(locked.store(), locked.audit_chain()).unwrap_err();
        assert!(e.code == ErrorCode::Keychain && e.message.contains("locked"), "{e:?}");
        // The draft cannot be opened (nor a new key made over it) while locked; it is still there.
        let e = locked.load_draft("onboarding.indv").unwrap_err();
        assert_eq!(e.code, ErrorCode::Keychain, "{e:?}");
        assert_eq!(locked.save_draft("realname.x", &json!({})).unwrap_err().code, ErrorCode::Keychain);
        drop(locked);
        // The running app holds its key: its rows are written; the anchor waits for the keychain.
        add(&desk, 2, "2026-12-01T11:00:00.000Z");
        assert!(desk.audit_chain().flush().is_some(), "the anchor cannot move while the keychain is locked");

        keychain_lock::unlock();
        // The anchor catches up by itself once the keychain is open again.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let r = audit::verify(desk.store(), desk.audit_chain()).unwrap();
            if r.anchored_seq == Some(12) {
                assert!(r.ok && r.unanchored == 0, "{r:?}");
                break;
            }
            assert!(std::time::Instant::now() < deadline, "the anchor never caught up: {r:?}");
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
    }
    drop(desk);

    // --- after all that, a fresh start still finds tampering against the same anchor and digest -------
    let desk = Desk::open_without_reconcile(dir.path()).unwrap();
    assert_eq!(
        desk.load_draft("onboarding.indv").unwrap(),
        Some(draft),
        "the draft opens once the keychain is unlocked"
    );
    assert!(audit::verify(desk.store(), desk.audit_chain()).unwrap().ok);
    let last = rows(&desk);
    desk.store()
        .with_conn(|c| Ok(c.execute_batch(&format!("DELETE FROM audit_log WHERE seq > {}; UPDATE audit_head SET seq = {}, row_hash = (SELECT row_hash FROM audit_log WHERE seq = {})", last - 2, last - 2, last - 2))?))
        .unwrap();
    let r = audit::verify(desk.store(), desk.audit_chain()).unwrap();
    assert_eq!((r.problems[0].kind, r.problems[0].seq), (AuditProblemKind::Truncated, last - 1), "{r:?}");
    desk.store().with_conn(|c| Ok(c.execute_batch("UPDATE audit_log SET outcome = 'failed' WHERE seq = 2")?)).unwrap();
    let c = digest::check(desk.store(), desk.audit_chain(), &d, None).unwrap();
    assert!(
        !c.ok && c.problems[0].kind == AuditProblemKind::Edited && c.problems[0].seq == 1,
        "a changed row before the digest is found: {c:?}"
    );
    assert!(
        c.problems[0].message.contains("rows 1..6") && c.problems[0].message.contains("2026-11-30T23:59:00Z"),
        "{}",
        c.problems[0].message
    );
}
