-- tagdesk schema, for PostgreSQL: suggestions, as in the SQLite schema
-- (storage/migration/0007_suggestions.sql): the pattern sets, one row per
-- article and source holding that source's suggestions as a JSON array
-- of {"s":START,"e":END,"l":"LABEL","c":"CANONICAL"} (code points),
-- sorted, and each annotator's decision by (article, annotator, start,
-- end, label), so that a span proposed again meets the decision already
-- taken. Spans imported without an annotator are proposed to every
-- annotator without a row here (source "imported"). The suggestions are
-- the team's; the decisions are each annotator's, and blind mode keeps
-- them so.

CREATE TABLE pattern_sets (
	name     text COLLATE "C" PRIMARY KEY,
	body     text    NOT NULL, -- the file as read: one JSON pattern a line
	patterns integer NOT NULL,
	updated  bigint  NOT NULL
);

CREATE TABLE suggestions (
	article_id bigint  NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	source     text COLLATE "C" NOT NULL, -- "corpus", "patterns:NAME", "cmd:COMMAND"
	n          integer NOT NULL,          -- how many items holds
	items      text    NOT NULL,
	PRIMARY KEY (article_id, source)
);

CREATE TABLE suggestion_decisions (
	article_id bigint  NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	annotator  text COLLATE "C" NOT NULL,
	start      integer NOT NULL,
	span_end   integer NOT NULL,
	label      text COLLATE "C" NOT NULL,
	decision   text    NOT NULL CHECK (decision IN ('accepted', 'rejected')),
	updated    bigint  NOT NULL,
	PRIMARY KEY (article_id, annotator, start, span_end, label)
);

-- A team set up before these tables gets its rights on them here
-- (grantTeam grants them from now on): everyone reads the pattern sets
-- and suggestions and keeps their own decisions; a curator also stores
-- pattern sets and runs suggestions. A team in blind mode gets its
-- policies on the decisions, and its annotators may read the spans
-- imported without an annotator (see blind.go).
DO $$ BEGIN
	IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tagdesk_annotator') THEN
		GRANT SELECT ON pattern_sets, suggestions TO tagdesk_annotator;
		GRANT SELECT, INSERT, UPDATE, DELETE ON suggestion_decisions TO tagdesk_annotator;
	END IF;
	IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tagdesk_curator') THEN
		GRANT SELECT, INSERT, UPDATE, DELETE ON pattern_sets, suggestions, suggestion_decisions TO tagdesk_curator;
	END IF;
	IF (SELECT relrowsecurity FROM pg_class WHERE oid = 'spans'::regclass) THEN
		CREATE POLICY tagdesk_own ON suggestion_decisions TO tagdesk_annotator
			USING (annotator = current_user::text) WITH CHECK (annotator = current_user::text);
		CREATE POLICY tagdesk_read ON suggestion_decisions FOR SELECT TO tagdesk_curator USING (true);
		CREATE POLICY tagdesk_gold ON suggestion_decisions TO tagdesk_curator
			USING (annotator IN ('gold', current_user::text)) WITH CHECK (annotator IN ('gold', current_user::text));
		ALTER TABLE suggestion_decisions ENABLE ROW LEVEL SECURITY;
		-- The spans imported without an annotator are every annotator's
		-- suggestions: readable (not writable) by each (importedPolicy).
		DROP POLICY IF EXISTS tagdesk_imported ON spans;
		CREATE POLICY tagdesk_imported ON spans FOR SELECT TO tagdesk_annotator USING (annotator = '');
	END IF;
END $$;
