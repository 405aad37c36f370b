-- Checksums (CRC-32C, see storage/checksum.go) of each article's fields
-- and of each span row's fields, written with the row: SQLite does not
-- checksum its pages, so damage inside a text would otherwise pass its
-- checks. The migration's Go step fills them for the rows there already.
ALTER TABLE articles ADD COLUMN sum INTEGER;
ALTER TABLE spans ADD COLUMN sum INTEGER;

-- Spans whose checksum an import's merge left to compute at its commit.
CREATE INDEX spans_unsummed ON spans (id) WHERE sum IS NULL;
