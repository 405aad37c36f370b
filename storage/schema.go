package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage/internal/rowcodec"
)

// Schema returns the label schema in force.
func (db *DB) Schema(ctx context.Context) (*annotate.Schema, error) {
	var s *annotate.Schema
	err := db.view(ctx, func(tx *sql.Tx) error {
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
// their spans' labels: those spans and relations could no longer be changed.
func (db *DB) SetSchema(ctx context.Context, s *annotate.Schema) error {
	if err := s.Validate(); err != nil {
		return err
	}
	body, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("set schema: %w", err)
	}
	return db.update(ctx, func(tx *sql.Tx) error {
		used, err := usedLabels(ctx, tx)
		if err != nil {
			return err
		}
		var missing []string
		for _, l := range used {
			if s.Label(l) == nil {
				missing = append(missing, l)
			}
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
		_, err = tx.ExecContext(ctx, `UPDATE schema SET body = ?, updated = ? WHERE id = 1`, string(body), ms(db.now()))
		return err
	})
}

// checkUsedAttrs returns ErrConflict naming each attribute that stored
// spans use and s does not declare for their label, and each value that is
// not among its attribute's choices in s (see rowcodec.AttrCheck).
func checkUsedAttrs(ctx context.Context, tx *sql.Tx, s *annotate.Schema) error {
	rows, err := tx.QueryContext(ctx, `
		SELECT s.label, a.key, a.value, COUNT(DISTINCT s.id)
		FROM spans s, json_each(s.attrs) a
		WHERE s.attrs <> '{}'
		GROUP BY s.label, a.key, a.value
		ORDER BY s.label, a.key, a.value`)
	if err != nil {
		return fmt.Errorf("read span attributes: %w", err)
	}
	defer rows.Close()
	check := rowcodec.NewAttrCheck(s)
	for rows.Next() {
		var label, attr string
		var value sql.NullString
		var n int
		if err := rows.Scan(&label, &attr, &value, &n); err != nil {
			return fmt.Errorf("read span attributes: %w", err)
		}
		check.Add(label, attr, value.String, n)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read span attributes: %w", err)
	}
	return check.Err()
}

func findSchema(ctx context.Context, tx *sql.Tx) (*annotate.Schema, error) {
	var body string
	if err := tx.QueryRowContext(ctx, `SELECT body FROM schema WHERE id = 1`).Scan(&body); err != nil {
		return nil, fmt.Errorf("read schema: %w", err)
	}
	return annotate.ParseSchema("stored schema", []byte(body))
}

func usedLabels(ctx context.Context, tx *sql.Tx) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT label FROM spans`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	sort.Strings(out)
	return out, rows.Err()
}
