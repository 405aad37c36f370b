-- tagdesk schema, version 4: relations, directed links between two spans
-- of one article and one annotator (head is `label` of tail). Deleting a
-- span deletes its relations (ON DELETE CASCADE), in the same transaction.
-- article_id and annotator repeat the spans' (export and the window read
-- an article's relations by them); they need no foreign key of their
-- own, which would cost every insert a lookup.

CREATE TABLE relations (
	id         INTEGER PRIMARY KEY,
	article_id INTEGER NOT NULL, -- the spans' article: deleting it deletes them, and so these
	annotator  TEXT    NOT NULL DEFAULT '',
	head_id    INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
	tail_id    INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
	label      TEXT    NOT NULL,
	note       TEXT    NOT NULL DEFAULT '',
	created    INTEGER NOT NULL,
	updated    INTEGER NOT NULL,
	CHECK (head_id <> tail_id)
);

-- One relation per (head, tail, label): the key imports merge by.
CREATE UNIQUE INDEX relations_key ON relations (head_id, tail_id, label);
-- A span's relations as tail (the cascade's lookup), and an article's
-- relations per annotator (export, the window).
CREATE INDEX relations_tail ON relations (tail_id);
CREATE INDEX relations_article ON relations (article_id, annotator);
