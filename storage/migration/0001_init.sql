-- tagdesk schema, version 1.
--
-- Offsets (spans.start, spans.span_end) are Unicode code points, end
-- exclusive. Timestamps are Unix milliseconds (UTC). JSON columns hold
-- objects as text.

PRAGMA application_id = 1413564228; -- 0x54414744, 'TAGD'

CREATE TABLE articles (
	id        INTEGER PRIMARY KEY,
	ext_id    TEXT    NOT NULL UNIQUE,
	title     TEXT    NOT NULL DEFAULT '',
	source    TEXT    NOT NULL DEFAULT '',
	url       TEXT    NOT NULL DEFAULT '',
	published TEXT    NOT NULL DEFAULT '',
	text      TEXT    NOT NULL,
	meta      TEXT    NOT NULL DEFAULT '{}', -- JSON: meta keys beyond title, source, url, published
	created   INTEGER NOT NULL,
	updated   INTEGER NOT NULL
);

CREATE TABLE spans (
	id         INTEGER PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	start      INTEGER NOT NULL,
	span_end   INTEGER NOT NULL,
	label      TEXT    NOT NULL,
	attrs      TEXT    NOT NULL DEFAULT '{}', -- JSON object of strings
	note       TEXT    NOT NULL DEFAULT '',
	canonical  TEXT    NOT NULL DEFAULT '',
	annotator  TEXT    NOT NULL DEFAULT '',
	created    INTEGER NOT NULL,
	updated    INTEGER NOT NULL,
	CHECK (0 <= start AND start < span_end)
);

-- One span per (article, annotator, offsets, label): the key imports merge
-- by, and the export order.
CREATE UNIQUE INDEX spans_key ON spans (article_id, annotator, start, span_end, label);

CREATE TABLE article_status (
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	annotator  TEXT    NOT NULL,
	status     TEXT    NOT NULL CHECK (status IN ('todo', 'in_progress', 'done', 'skipped')),
	updated    INTEGER NOT NULL,
	PRIMARY KEY (article_id, annotator)
) WITHOUT ROWID;

-- The label schema in force, as JSON (annotate.ParseSchema reads it).
CREATE TABLE schema (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	body    TEXT    NOT NULL,
	updated INTEGER NOT NULL
);

-- Grows with every committed change, so that other processes notice them.
CREATE TABLE generation (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n  INTEGER NOT NULL
);
INSERT INTO generation (id, n) VALUES (1, 0);
