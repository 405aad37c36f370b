-- Checksums of relation rows (CRC-32C of article, annotator, head and
-- tail span ids, type and note; see storage/checksum.go), written with
-- the row as articles' and spans' are, so that damage to a relation's
-- bytes is found by check, and export and the window refuse its article.
-- The migration's Go step fills them for the relations there already.
ALTER TABLE relations ADD COLUMN sum INTEGER;

-- Relations whose checksum a merging import or an undo left to compute
-- at its commit.
CREATE INDEX relations_unsummed ON relations (id) WHERE sum IS NULL;
