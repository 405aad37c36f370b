-- tagdesk schema, for PostgreSQL: an annotator's flag on an article for
-- the curator, with a comment ("unclear: is XPCC an ORG or a
-- JURISDICTION?"), kept beside that annotator's status of the article.

ALTER TABLE article_status ADD COLUMN flagged boolean NOT NULL DEFAULT false;
ALTER TABLE article_status ADD COLUMN comment text NOT NULL DEFAULT '';

-- The article list's "flagged" filter, and a curator's list of them.
CREATE INDEX article_status_flagged ON article_status (annotator, article_id) WHERE flagged;
