-- Import batches: every import is recorded, so that it can be taken back
-- (tagdesk import --undo). A row an import inserts carries the batch's id
-- in its batch column (NULL: made by hand, or before batches were
-- recorded); a row it changes keeps its values from before in
-- import_changes. Recording costs an import one column per row and a row
-- of import_changes per row it changes, no index.

CREATE TABLE import_batches (
	id        INTEGER PRIMARY KEY,
	started   INTEGER NOT NULL,
	finished  INTEGER NOT NULL,
	os_user   TEXT    NOT NULL DEFAULT '',
	annotator TEXT    NOT NULL DEFAULT '',  -- given to the import; '' when the files' own
	files     TEXT    NOT NULL DEFAULT '[]', -- JSON array of the files, in import order
	counts    TEXT    NOT NULL DEFAULT '{}', -- JSON: annotate.ImportCounts over its files
	undone    INTEGER                        -- when it was undone; NULL while it stands
);

ALTER TABLE articles ADD COLUMN batch INTEGER;
ALTER TABLE spans ADD COLUMN batch INTEGER;
ALTER TABLE relations ADD COLUMN batch INTEGER;
ALTER TABLE article_status ADD COLUMN batch INTEGER;

-- The values from before of each row an import changed: one row per
-- (batch, table, row), the first change's. row_id is the row's id, for
-- article_status its article (and annotator its annotator). set_at is the
-- updated value the import gave the row: a later change makes them
-- differ, and the undo then knows that later work depends on the batch.
CREATE TABLE import_changes (
	batch     INTEGER NOT NULL REFERENCES import_batches (id) ON DELETE CASCADE,
	tbl       TEXT    NOT NULL,
	row_id    INTEGER NOT NULL,
	annotator TEXT    NOT NULL DEFAULT '',
	old       TEXT    NOT NULL, -- JSON object of the changed columns' values from before
	set_at    INTEGER NOT NULL,
	PRIMARY KEY (batch, tbl, row_id, annotator)
) WITHOUT ROWID;
