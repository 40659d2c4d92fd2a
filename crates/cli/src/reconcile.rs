//! `paydesk reconcile`: settle writes whose outcome is open, by query (never by sending them again).

use desk::Error;

use crate::ctx::Ctx;

pub async fn run(ctx: Ctx, all: bool) -> Result<(), Error> {
    let profile = if all { None } else { Some(ctx.profile()?.name) };
    let r = ctx.desk.reconcile(profile.as_deref()).await?;
    ctx.print(&r, |r| {
        let mut s: Vec<String> = r
            .entries
            .iter()
            .map(|e| format!("{} {} {} {:?} -> {:?}: {}", e.profile, e.kind, e.req_seq_id, e.before, e.after, e.note))
            .collect();
        s.push(format!(
            "{} checked: {} settled, {} failed, {} still open",
            r.checked, r.settled, r.failed, r.still_open
        ));
        s.join("\n")
    });
    Ok(())
}
