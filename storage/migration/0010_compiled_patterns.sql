-- A pattern set compiled for matching (annotate/suggest: its trie of
-- folded words and its entries), kept beside the file it was compiled
-- from so that a run loads it instead of parsing and building 100,000
-- patterns again. A cache: NULL, or a form another build made, is
-- compiled again from body.
ALTER TABLE pattern_sets ADD COLUMN compiled BLOB;
