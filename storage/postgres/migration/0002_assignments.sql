-- tagdesk schema, version 2, for PostgreSQL: who is to label which article
-- (`tagdesk assign`), as in the SQLite schema
-- (storage/migration/0002_assignments.sql).

CREATE TABLE assignments (
	article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	annotator  text COLLATE "C" NOT NULL,
	created    bigint NOT NULL,
	PRIMARY KEY (article_id, annotator)
);

-- An annotator's queue, in article order.
CREATE INDEX assignments_annotator ON assignments (annotator, article_id);
