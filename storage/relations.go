package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage/internal/rowcodec"
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
	schema, err := findSchema(ctx, tx)
	if err != nil {
		return err
	}
	return rowcodec.CheckRelation(r, head, tail, schema)
}

// AddRelation stores a new relation; see annotate.RelationStore.
func (db *DB) AddRelation(ctx context.Context, r *annotate.Relation) error {
	now := ms(db.now())
	stored := *r
	err := db.update(ctx, func(tx *sql.Tx) error {
		if err := checkRelation(ctx, tx, &stored); err != nil {
			return err
		}
		var sum summer
		res, err := tx.ExecContext(ctx, `INSERT INTO relations (article_id, annotator, head_id, tail_id, label, note, created, updated, sum)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, stored.ArticleID, stored.Annotator, stored.Head, stored.Tail, stored.Label, stored.Note, now, now,
			sum.relation(stored.ArticleID, stored.Annotator, stored.Head, stored.Tail, stored.Label, stored.Note))
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
		var sum summer
		if _, err := tx.ExecContext(ctx, `UPDATE relations SET label = ?, note = ?, updated = ?, sum = ? WHERE id = ?`,
			next.Label, next.Note, now, sum.relation(next.ArticleID, next.Annotator, next.Head, next.Tail, next.Label, next.Note), next.ID); err != nil {
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
		return rowcodec.RelationConflict(r)
	}
	return err
}

// checkUsedRelations returns ErrConflict naming each relation type that
// stored relations use and s lacks, or no longer allows between the
// labels of their spans, with how many relations are concerned.
func checkUsedRelations(ctx context.Context, tx *sql.Tx, s *annotate.Schema) error {
	check := rowcodec.NewRelationCheck(s)
	if err := eachRelationUse(ctx, tx, check.Add); err != nil {
		return err
	}
	return check.Err()
}

// eachRelationUse calls fn for each (type, head label, tail label) that
// stored relations use, with how many do. None on a database that
// predates relations.
func eachRelationUse(ctx context.Context, tx *sql.Tx, fn func(label, head, tail string, n int)) error {
	if ok, err := hasTable(ctx, tx, "relations"); err != nil || !ok {
		return err
	}
	rows, err := tx.QueryContext(ctx, rowcodec.RelationUsesSQL)
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

// hasTable reports whether the database has table (one of an older
// schema version, opened read-only, lacks the newer ones).
func hasTable(ctx context.Context, tx *sql.Tx, table string) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?`, table).Scan(&n)
	return n > 0, err
}
