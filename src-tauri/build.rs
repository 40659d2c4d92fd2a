use std::path::Path;

fn main() {
    // generate_context!() embeds ui/dist at compile time and fails when it is missing. Workspace-wide
    // `cargo check`/`cargo test` by engineers who never built the front end must still compile, so an
    // absent dist gets a page that says plainly what to run instead of a build error.
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/dist");
    if !dist.join("index.html").exists() {
        std::fs::create_dir_all(&dist).expect("create ui/dist");
        std::fs::write(
            dist.join("index.html"),
            "<!doctype html><meta charset=utf-8><title>Paydesk</title>\
             <p id=ui-not-built>The front end is not built: run <code>scripts/run.sh</code> \
             (or <code>cd ui &amp;&amp; npm ci &amp;&amp; npm run build</code>) and rebuild the app.</p>",
        )
        .expect("write placeholder ui/dist/index.html");
    }
    tauri_build::build()
}
