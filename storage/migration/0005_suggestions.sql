-- tagdesk schema: suggestions, the spans that pattern sets, label
-- propagation and model commands propose, and each annotator's decision
-- on them. A decision is kept by (article, annotator, start, end, label),
-- not by suggestion, so a span proposed again (another run, another
-- source) meets the decision already taken: a rejected suggestion does
-- not come back. Spans imported without an annotator are proposed to
-- every annotator without a row here (source "imported").

CREATE TABLE pattern_sets (
	name     TEXT    PRIMARY KEY,
	body     TEXT    NOT NULL, -- the file as read: one JSON pattern a line
	patterns INTEGER NOT NULL,
	updated  INTEGER NOT NULL
);

CREATE TABLE suggestions (
	id         INTEGER PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	source     TEXT    NOT NULL, -- "corpus", "patterns:NAME", "cmd:COMMAND"
	start      INTEGER NOT NULL,
	span_end   INTEGER NOT NULL,
	label      TEXT    NOT NULL,
	canonical  TEXT    NOT NULL DEFAULT '',
	CHECK (start >= 0 AND start < span_end)
);

-- An article's suggestions (the window; a run replaces one source's).
CREATE INDEX suggestions_article ON suggestions (article_id, source);

CREATE TABLE suggestion_decisions (
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	annotator  TEXT    NOT NULL,
	start      INTEGER NOT NULL,
	span_end   INTEGER NOT NULL,
	label      TEXT    NOT NULL,
	decision   TEXT    NOT NULL CHECK (decision IN ('accepted', 'rejected')),
	updated    INTEGER NOT NULL,
	PRIMARY KEY (article_id, annotator, start, span_end, label)
) WITHOUT ROWID;

-- The decisions on one proposed span, whoever took them (stats).
CREATE INDEX suggestion_decisions_span ON suggestion_decisions (article_id, start, span_end, label);
