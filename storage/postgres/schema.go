package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage/internal/rowcodec"
)

// Schema returns the label schema in force.
func (db *DB) Schema(ctx context.Context) (*annotate.Schema, error) {
	var s *annotate.Schema
	err := db.view(ctx, func(tx pgx.Tx) error {
		var err error
		s, err = findSchema(ctx, tx)
		return err
	})
	return s, err
}

// SetSchema replaces the schema: ErrInvalid if it is not valid,
// ErrConflict if stored spans use a label it lacks, an attribute it does
// not declare for their label, or a value outside an attribute's choices,
// or stored relations use a type it lacks or no longer allows between
// their spans' labels.
func (db *DB) SetSchema(ctx context.Context, s *annotate.Schema) error {
	if err := s.Validate(); err != nil {
		return err
	}
	body, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("set schema: %w", err)
	}
	if err := noNUL("the schema", string(body)); err != nil {
		return err
	}
	return db.update(ctx, func(tx pgx.Tx, note func(annotate.Change)) error {
		// Spans added meanwhile must meet the new schema: lock it first.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, schemaLock); err != nil {
			return err
		}
		var missing []string
		if err := countInto(ctx, tx, `SELECT DISTINCT label, 0 FROM spans ORDER BY 1`, func(l string, _ int) {
			if s.Label(l) == nil {
				missing = append(missing, l)
			}
		}); err != nil {
			return err
		}
		if len(missing) > 0 {
			return fmt.Errorf("%w: stored spans use label(s) %s, which the new schema lacks", annotate.ErrConflict, strings.Join(missing, ", "))
		}
		if err := checkUsedAttrs(ctx, tx, s); err != nil {
			return err
		}
		if err := checkUsedRelations(ctx, tx, s); err != nil {
			return err
		}
		note(annotate.Change{Kind: annotate.ChangeSchema})
		// updated grows with every change: it is the version the stores' caches compare.
		_, err = tx.Exec(ctx, `UPDATE schema SET body = $1, updated = greatest($2, updated + 1) WHERE id = 1`, string(body), ms(db.now()))
		return err
	})
}

// checkUsedAttrs returns ErrConflict for attributes of stored spans that s
// does not allow (see rowcodec.AttrCheck).
func checkUsedAttrs(ctx context.Context, tx pgx.Tx, s *annotate.Schema) error {
	rows, err := tx.Query(ctx, `
		SELECT s.label, a.key, a.value, count(DISTINCT s.id)
		FROM spans s, jsonb_each_text(s.attrs::jsonb) a
		WHERE s.attrs <> '{}'
		GROUP BY s.label, a.key, a.value
		ORDER BY s.label, a.key COLLATE "C", a.value COLLATE "C"`)
	if err != nil {
		return fmt.Errorf("read span attributes: %w", err)
	}
	defer rows.Close()
	check := rowcodec.NewAttrCheck(s)
	for rows.Next() {
		var label, attr string
		var value *string
		var n int
		if err := rows.Scan(&label, &attr, &value, &n); err != nil {
			return fmt.Errorf("read span attributes: %w", err)
		}
		v := ""
		if value != nil {
			v = *value
		}
		check.Add(label, attr, v, n)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read span attributes: %w", err)
	}
	return check.Err()
}

// schemaLock is the advisory lock key that guards the schema: SetSchema
// takes it exclusively, a write that validates against the schema shared.
// An advisory lock rather than a row lock (SELECT … FOR SHARE) because it
// needs no UPDATE privilege on the schema table, which annotators do not
// have, and writes nothing to the row.
const schemaLock = 0x54414746

func findSchema(ctx context.Context, tx pgx.Tx) (*annotate.Schema, error) {
	var body string
	if err := tx.QueryRow(ctx, `SELECT body FROM schema WHERE id = 1`).Scan(&body); err != nil {
		return nil, fmt.Errorf("read schema: %w", err)
	}
	return annotate.ParseSchema("stored schema", []byte(body))
}
