package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
)

// The SQLite store keeps relations (annotate.RelationStore).
var _ annotate.RelationStore = (*DB)(nil)

const relationColumns = `id, article_id, annotator, head_id, tail_id, label, note, created, updated`

func scanRelation(sc interface{ Scan(...any) error }) (annotate.Relation, error) {
	var r annotate.Relation
	var created, updated int64
	err := sc.Scan(&r.ID, &r.ArticleID, &r.Annotator, &r.Head, &r.Tail, &r.Label, &r.Note, &created, &updated)
	r.Created, r.Updated = fromMS(created), fromMS(updated)
	return r, err
}

// Relations returns the annotator's relations of an article by ID.
func (db *DB) Relations(ctx context.Context, articleID int64, annotator string) ([]annotate.Relation, error) {
	var out []annotate.Relation
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+relationColumns+` FROM relations
			WHERE article_id = ? AND annotator = ? ORDER BY id`, articleID, annotator)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanRelation(rows)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// checkRelation finds r's spans and checks that the schema allows r
// between them; it sets r's article and annotator to theirs.
func checkRelation(ctx context.Context, tx *sql.Tx, r *annotate.Relation) error {
	head, err := findSpan(ctx, tx, r.Head)
	if err != nil {
		return err
	}
	tail, err := findSpan(ctx, tx, r.Tail)
	if err != nil {
		return err
	}
	switch {
	case head.ID == tail.ID:
		return fmt.Errorf("%w: a relation joins span %d to itself", annotate.ErrInvalid, head.ID)
	case head.ArticleID != tail.ArticleID || head.Annotator != tail.Annotator:
		return fmt.Errorf("%w: spans %d and %d belong to different articles or annotators", annotate.ErrInvalid, head.ID, tail.ID)
	}
	schema, err := findSchema(ctx, tx)
	if err != nil {
		return err
	}
	r.ArticleID, r.Annotator = head.ArticleID, head.Annotator
	return schema.CheckRelation(r.Label, head.Label, tail.Label)
}

// AddRelation stores a new relation; see annotate.RelationStore.
func (db *DB) AddRelation(ctx context.Context, r *annotate.Relation) error {
	now := ms(db.now())
	stored := *r
	err := db.update(ctx, func(tx *sql.Tx) error {
		if err := checkRelation(ctx, tx, &stored); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO relations (article_id, annotator, head_id, tail_id, label, note, created, updated)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, stored.ArticleID, stored.Annotator, stored.Head, stored.Tail, stored.Label, stored.Note, now, now)
		if err != nil {
			return relationErr(err, &stored)
		}
		stored.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return err
	}
	stored.Created, stored.Updated = fromMS(now), fromMS(now)
	*r = stored
	return nil
}

// UpdateRelation stores a changed label or note; see annotate.RelationStore.
func (db *DB) UpdateRelation(ctx context.Context, r *annotate.Relation) error {
	now := ms(db.now())
	return db.update(ctx, func(tx *sql.Tx) error {
		old, err := scanRelation(tx.QueryRowContext(ctx, `SELECT `+relationColumns+` FROM relations WHERE id = ?`, r.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("relation %d: %w", r.ID, annotate.ErrNotFound)
		}
		if err != nil {
			return err
		}
		next := old
		next.Label, next.Note = r.Label, r.Note
		if err := checkRelation(ctx, tx, &next); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE relations SET label = ?, note = ?, updated = ? WHERE id = ?`,
			next.Label, next.Note, now, next.ID); err != nil {
			return relationErr(err, &next)
		}
		next.Updated = fromMS(now)
		*r = next
		return nil
	})
}

// DeleteRelation removes a relation; see annotate.RelationStore.
func (db *DB) DeleteRelation(ctx context.Context, id int64) error {
	return db.update(ctx, func(tx *sql.Tx) error { return deleteRow(ctx, tx, "relations", "relation", id) })
}

func relationErr(err error, r *annotate.Relation) error {
	err = mapErr(err)
	if errors.Is(err, annotate.ErrConflict) {
		return fmt.Errorf("%w: span %d is %s of span %d already", annotate.ErrConflict, r.Head, r.Label, r.Tail)
	}
	return err
}

// checkUsedRelations returns ErrConflict naming each relation type that
// stored relations use and s lacks, or no longer allows between the
// labels of their spans, with how many relations are concerned.
func checkUsedRelations(ctx context.Context, tx *sql.Tx, s *annotate.Schema) error {
	var problems []string
	err := eachRelationUse(ctx, tx, func(label, head, tail string, n int) {
		switch r := s.Relation(label); {
		case r == nil:
			problems = append(problems, fmt.Sprintf("relation type %s is used by %s and the new schema lacks it", label, relationCount(n)))
		case !r.Allows(head, tail):
			problems = append(problems, fmt.Sprintf("relation type %s joins %s to %s in %s and the new schema does not allow that", label, head, tail, relationCount(n)))
		}
	})
	if err != nil {
		return err
	}
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s", annotate.ErrConflict, strings.Join(problems, "; "))
}

// eachRelationUse calls fn for each (type, head label, tail label) that
// stored relations use, with how many do. None on a database that
// predates relations.
func eachRelationUse(ctx context.Context, tx *sql.Tx, fn func(label, head, tail string, n int)) error {
	if ok, err := hasTable(ctx, tx, "relations"); err != nil || !ok {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT r.label, h.label, t.label, count(*)
		FROM relations r JOIN spans h ON h.id = r.head_id JOIN spans t ON t.id = r.tail_id
		GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`)
	if err != nil {
		return fmt.Errorf("read relations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var label, head, tail string
		var n int
		if err := rows.Scan(&label, &head, &tail, &n); err != nil {
			return err
		}
		fn(label, head, tail, n)
	}
	return rows.Err()
}

func relationCount(n int) string {
	if n == 1 {
		return "1 stored relation"
	}
	return fmt.Sprintf("%d stored relations", n)
}

// hasTable reports whether the database has table (one of an older
// schema version, opened read-only, lacks the newer ones).
func hasTable(ctx context.Context, tx *sql.Tx, table string) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?`, table).Scan(&n)
	return n > 0, err
}
