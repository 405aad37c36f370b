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

-- One row per article and source: its suggestions, a JSON array of
-- {"s":START,"e":END,"l":"LABEL","c":"CANONICAL"} (code points), sorted.
-- A run of a source replaces the rows of the articles it covers; a row a
-- suggestion would cost a bulk run of 100,000 patterns most of its time.
CREATE TABLE suggestions (
	id         INTEGER PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	source     TEXT    NOT NULL, -- "corpus", "patterns:NAME", "cmd:COMMAND"
	n          INTEGER NOT NULL, -- how many items holds
	items      TEXT    NOT NULL,
	UNIQUE (article_id, source)
);

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

