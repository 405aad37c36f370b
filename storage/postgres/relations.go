package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage/internal/rowcodec"
)

// The PostgreSQL store keeps relations (annotate.RelationStore), in the
// table and columns of the SQLite store's.
var _ annotate.RelationStore = (*DB)(nil)

const relationColumns = `id, article_id, annotator, head_id, tail_id, label, note, created, updated`

func scanRelation(row pgx.Row) (annotate.Relation, error) {
	var r annotate.Relation
	var created, updated int64
	err := row.Scan(&r.ID, &r.ArticleID, &r.Annotator, &r.Head, &r.Tail, &r.Label, &r.Note, &created, &updated)
	r.Created, r.Updated = fromMS(created), fromMS(updated)
	return r, err
}

// Relations returns the annotator's relations of an article by ID.
func (db *DB) Relations(ctx context.Context, articleID int64, annotator string) ([]annotate.Relation, error) {
	var out []annotate.Relation
	err := db.view(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+relationColumns+` FROM relations
			WHERE article_id = $1 AND annotator = $2 ORDER BY id`, articleID, annotator)
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

// checkRelation finds r's spans (locking them) and checks that the
// schema allows r between them; it sets r's article and annotator to
// theirs.
func (db *DB) checkRelation(ctx context.Context, tx pgx.Tx, r *annotate.Relation) error {
	head, err := findSpan(ctx, tx, r.Head)
	if err != nil {
		return err
	}
	tail, err := findSpan(ctx, tx, r.Tail)
	if err != nil {
		return err
	}
	if err := noNUL("the relation", r.Label, r.Note); err != nil {
		return err
	}
	schema, err := db.lockedSchema(ctx, tx)
	if err != nil {
		return err
	}
	return rowcodec.CheckRelation(r, head, tail, schema)
}

// AddRelation stores a new relation; see annotate.RelationStore.
func (db *DB) AddRelation(ctx context.Context, r *annotate.Relation) error {
	now := ms(db.now())
	stored := *r
	err := db.update(ctx, func(tx pgx.Tx, note func(annotate.Change)) error {
		if err := db.checkRelation(ctx, tx, &stored); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO relations (article_id, annotator, head_id, tail_id, label, note, created, updated)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
			stored.ArticleID, stored.Annotator, stored.Head, stored.Tail, stored.Label, stored.Note, now).Scan(&stored.ID); err != nil {
			return relationErr(err, &stored)
		}
		note(annotate.Change{Kind: annotate.ChangeSpans, ArticleID: stored.ArticleID, Annotator: stored.Annotator})
		return nil
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
	var next annotate.Relation
	err := db.update(ctx, func(tx pgx.Tx, note func(annotate.Change)) error {
		old, err := scanRelation(tx.QueryRow(ctx, `SELECT `+relationColumns+` FROM relations WHERE id = $1 FOR UPDATE`, r.ID))
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("relation %d: %w", r.ID, annotate.ErrNotFound)
		}
		if err != nil {
			return err
		}
		next = old
		next.Label, next.Note = r.Label, r.Note
		if err := db.checkRelation(ctx, tx, &next); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE relations SET label = $1, note = $2, updated = $3 WHERE id = $4`,
			next.Label, next.Note, now, next.ID); err != nil {
			return relationErr(err, &next)
		}
		next.Updated = fromMS(now)
		note(annotate.Change{Kind: annotate.ChangeSpans, ArticleID: next.ArticleID, Annotator: next.Annotator})
		return nil
	})
	if err != nil {
		return err
	}
	*r = next
	return nil
}

// DeleteRelation removes a relation; see annotate.RelationStore.
func (db *DB) DeleteRelation(ctx context.Context, id int64) error {
	return db.update(ctx, func(tx pgx.Tx, note func(annotate.Change)) error {
		var c annotate.Change
		err := tx.QueryRow(ctx, `DELETE FROM relations WHERE id = $1 RETURNING article_id, annotator`, id).Scan(&c.ArticleID, &c.Annotator)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("relation %d: %w", id, annotate.ErrNotFound)
		}
		c.Kind = annotate.ChangeSpans
		note(c)
		return err
	})
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
// labels of their spans (see rowcodec.RelationCheck).
func checkUsedRelations(ctx context.Context, tx pgx.Tx, s *annotate.Schema) error {
	check := rowcodec.NewRelationCheck(s)
	if err := eachRelationUse(ctx, tx, check.Add); err != nil {
		return err
	}
	return check.Err()
}

// eachRelationUse calls fn for each (type, head label, tail label) that
// stored relations use, with how many do.
func eachRelationUse(ctx context.Context, tx pgx.Tx, fn func(label, head, tail string, n int)) error {
	rows, err := tx.Query(ctx, rowcodec.RelationUsesSQL)
	if err != nil {
		return fmt.Errorf("read relations: %w", err)
	}
	var label, head, tail string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&label, &head, &tail, &n}, func() error { fn(label, head, tail, n); return nil })
	return err
}
