-- tagdesk schema, for PostgreSQL: a curator's review decisions, one row per
-- disagreement decided on an article (its key, made by the review: the
-- extent of a span disagreement, a relation's spans), so that a
-- disagreement decided with none of the versions, which leaves no span
-- behind, stays decided.

CREATE TABLE review_decisions (
	article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	curator    text   NOT NULL,
	key        text   NOT NULL,
	decided    bigint NOT NULL, -- when, in ms since the epoch
	PRIMARY KEY (article_id, curator, key)
);

-- A team set up before this table gets its rights on it here (grantTeam
-- grants them from now on).
DO $$ BEGIN
	IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tagdesk_annotator') THEN
		GRANT SELECT, INSERT, DELETE ON review_decisions TO tagdesk_annotator;
	END IF;
	IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tagdesk_curator') THEN
		GRANT SELECT, INSERT, DELETE ON review_decisions TO tagdesk_curator;
	END IF;
END $$;
