-- tagdesk schema, version 2: who is to label which article
-- (`tagdesk assign`), so that each article is labelled by a known number
-- of people and each pair's overlap is known in advance.

CREATE TABLE assignments (
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	annotator  TEXT    NOT NULL,
	created    INTEGER NOT NULL,
	PRIMARY KEY (article_id, annotator)
) WITHOUT ROWID;

-- An annotator's queue, in article order.
CREATE INDEX assignments_annotator ON assignments (annotator, article_id);
