package storage

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"

	"github.com/tagdesk/tagdesk/annotate"
)

// relation returns the checksum of a relation row's fields.
func (s *summer) relation(articleID int64, annotator string, head, tail int64, label, note string) int64 {
	s.buf = binary.LittleEndian.AppendUint64(s.buf, uint64(articleID))
	s.buf = binary.LittleEndian.AppendUint64(s.buf, uint64(head))
	s.buf = binary.LittleEndian.AppendUint64(s.buf, uint64(tail))
	for _, v := range [...]string{annotator, label, note} {
		s.str(v)
	}
	return s.done()
}

// fillRelationSums computes the checksums of the relations that have
// none: those an import found by their spans' keys or whose note it
// changed, those an undo restored (the partial index relations_unsummed
// finds them), or all of them in the migration that adds the column.
func fillRelationSums(ctx context.Context, tx *sql.Tx) error {
	return fillSums(ctx, tx, "relations", `SELECT id, article_id, annotator, head_id, tail_id, label, note FROM relations WHERE sum IS NULL`,
		func(rows *sql.Rows, s *summer) (int64, int64, error) {
			var id, article, head, tail int64
			var annotator, label, note string
			err := rows.Scan(&id, &article, &annotator, &head, &tail, &label, &note)
			return id, s.relation(article, annotator, head, tail, label, note), err
		})
}

// relationWhy says why a relation row does not match its stored
// checksum, as export and the window name it; "" when it does.
func (s *summer) relationWhy(articleID int64, annotator string, head, tail int64, label, note string, stored sql.NullInt64) string {
	if stored.Valid && stored.Int64 == s.relation(articleID, annotator, head, tail, label, note) {
		return ""
	}
	return fmt.Sprintf("its %s relation from span %d to span %d of %s does not match the checksum stored with it", label, head, tail, annotatorName(annotator))
}

// relationSumColumn is the column that holds relations' checksums, or
// NULL on a database that predates them (opened read-only, unmigrated).
func relationSumColumn(ctx context.Context, tx *sql.Tx) (string, error) {
	ok, err := hasColumn(ctx, tx, "relations", "sum")
	if err != nil || !ok {
		return "NULL", err
	}
	return "sum", nil
}

// verifyRelations checks the relations of article a against their
// checksums, as export does (see verifyArticle).
func verifyRelations(ctx context.Context, tx *sql.Tx, a *annotate.Article) error {
	col, err := relationSumColumn(ctx, tx)
	if err != nil || col == "NULL" {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT annotator, head_id, tail_id, label, note, sum FROM relations WHERE article_id = ?`, a.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	var s summer
	for rows.Next() {
		var annotator, label, note string
		var head, tail int64
		var stored sql.NullInt64
		if err := rows.Scan(&annotator, &head, &tail, &label, &note, &stored); err != nil {
			return err
		}
		if why := s.relationWhy(a.ID, annotator, head, tail, label, note, stored); why != "" {
			return &DamagedError{Err: &ChecksumError{ArticleID: a.ID, ExtID: a.ExtID, Why: why}}
		}
	}
	return rows.Err()
}
