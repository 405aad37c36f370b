package storage

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"hash/crc32"
)

// castagnoli is CRC-32C, which the CPU computes (SSE 4.2, ARMv8 CRC).
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// summer computes the checksums stored with articles and spans: CRC-32C
// over each field, strings preceded by their length, so that moving bytes
// from one field to the next changes it. It reuses its buffer.
type summer struct {
	buf []byte
}

func (s *summer) str(v string) {
	s.buf = binary.LittleEndian.AppendUint64(s.buf, uint64(len(v)))
	s.buf = append(s.buf, v...)
}

func (s *summer) done() int64 {
	sum := crc32.Checksum(s.buf, castagnoli)
	s.buf = s.buf[:0]
	return int64(sum)
}

// article returns the checksum of an article row's fields; meta is the
// column as stored.
func (s *summer) article(ext, title, source, url, published, text, meta string) int64 {
	for _, v := range [...]string{ext, title, source, url, published, text, meta} {
		s.str(v)
	}
	return s.done()
}

// span returns the checksum of a span row's fields; attrs is the column
// as stored.
func (s *summer) span(articleID int64, annotator string, start, end int64, label, attrs, note, canonical string) int64 {
	s.buf = binary.LittleEndian.AppendUint64(s.buf, uint64(articleID))
	s.buf = binary.LittleEndian.AppendUint64(s.buf, uint64(start))
	s.buf = binary.LittleEndian.AppendUint64(s.buf, uint64(end))
	for _, v := range [...]string{annotator, label, attrs, note, canonical} {
		s.str(v)
	}
	return s.done()
}

// fillSpanSums computes the checksums of the spans that have none: those
// an import's merge changed (it sets sum NULL; the partial index
// spans_unsummed finds them), or all of them in the migration that adds
// the column.
func fillSpanSums(ctx context.Context, tx *sql.Tx) error {
	return fillSums(ctx, tx, "spans", `SELECT id, article_id, annotator, start, span_end, label, attrs, note, canonical
		FROM spans WHERE sum IS NULL`, func(rows *sql.Rows, s *summer) (int64, int64, error) {
		var id, article, start, end int64
		var annotator, label, attrs, note, canonical string
		err := rows.Scan(&id, &article, &annotator, &start, &end, &label, &attrs, &note, &canonical)
		return id, s.span(article, annotator, start, end, label, attrs, note, canonical), err
	})
}

// fillSums computes, for each row that query selects from table, its
// checksum (sum gives the row's id and checksum) and stores it: all rows
// read first, then updated, as SQLite wants no writes to a table under
// an open read of it.
func fillSums(ctx context.Context, tx *sql.Tx, table, query string, sum func(*sql.Rows, *summer) (id, sum int64, err error)) error {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	type idSum struct{ id, sum int64 }
	var sums []idSum
	var s summer
	for rows.Next() {
		id, v, err := sum(rows, &s)
		if err != nil {
			rows.Close()
			return err
		}
		sums = append(sums, idSum{id, v})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, v := range sums {
		if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET sum = ? WHERE id = ?`, v.sum, v.id); err != nil {
			return err
		}
	}
	return nil
}

// fillArticleSums computes the checksums of the articles that have none
// (the migration that adds the column).
func fillArticleSums(ctx context.Context, tx *sql.Tx) error {
	var last int64
	var s summer
	for {
		var id int64
		var ext, title, source, url, published, text, meta string
		err := tx.QueryRowContext(ctx, `SELECT id, ext_id, title, source, url, published, text, meta FROM articles
			WHERE id > ? AND sum IS NULL ORDER BY id LIMIT 1`, last).Scan(&id, &ext, &title, &source, &url, &published, &text, &meta)
		if err == sql.ErrNoRows {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET sum = ? WHERE id = ?`, s.article(ext, title, source, url, published, text, meta), id); err != nil {
			return fmt.Errorf("article %d: %w", id, err)
		}
		last = id
	}
}
