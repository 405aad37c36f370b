-- Pattern sets compiled for matching (annotate/suggest: a set's trie of
-- folded words and its entries), kept so that a run loads a set instead
-- of parsing and building 100,000 patterns again. A cache of
-- pattern_sets.body: a set without a row here, or with a form another
-- build made, is compiled again. A table of its own, so that reading the
-- forms never walks the files' overflow pages.
CREATE TABLE compiled_patterns (
	name TEXT PRIMARY KEY REFERENCES pattern_sets (name) ON DELETE CASCADE,
	form BLOB NOT NULL
);
