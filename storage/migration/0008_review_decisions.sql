-- tagdesk schema: a curator's review decisions, one row per disagreement
-- decided on an article (its key, made by the review: the extent of a span
-- disagreement, a relation's spans), so that a disagreement decided with
-- none of the versions, which leaves no span behind, stays decided.

CREATE TABLE review_decisions (
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	curator    TEXT    NOT NULL,
	key        TEXT    NOT NULL,
	decided    INTEGER NOT NULL, -- when, in ms since the epoch
	PRIMARY KEY (article_id, curator, key)
) WITHOUT ROWID;
