-- Bill imports commit in chunks (other writers get in between), so an import can be seen half done:
-- `state` is `importing` until its last chunk, and every reader counts only `done` imports. `done_rows`
-- is how many data rows the committed chunks hold and `resume_sha256` the file's hash, so an import cut
-- off (crash, killed app) resumes at its next row when the same file is imported again.
ALTER TABLE bill_imports ADD COLUMN state TEXT NOT NULL DEFAULT 'done';
ALTER TABLE bill_imports ADD COLUMN done_rows INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bill_imports ADD COLUMN resume_sha256 TEXT NOT NULL DEFAULT '';
