-- A pattern set compiled for matching, as in the SQLite schema
-- (storage/migration/0010_compiled_patterns.sql): a cache of body, NULL
-- or of another build compiled again.
ALTER TABLE pattern_sets ADD COLUMN compiled bytea;
