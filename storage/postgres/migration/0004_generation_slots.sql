-- tagdesk schema, version 4, for PostgreSQL: the generation is the sum of
-- 16 counters, and each write transaction bumps the one of its server
-- process. With one row every write held that row's lock until its
-- COMMIT had reached the disk, so that 20 annotators' commits went to
-- disk one after another; with 16 the server's group commit syncs them
-- together. The sum still grows with every committed change and only then.

ALTER TABLE generation DROP CONSTRAINT generation_id_check;
ALTER TABLE generation ADD CHECK (id BETWEEN 1 AND 16);
INSERT INTO generation (id, n) SELECT i, 0 FROM generate_series(2, 16) AS i;
