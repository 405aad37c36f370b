package postgres

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage/internal/rowcodec"
)

//go:embed migration/*.sql
var migrationFS embed.FS

func migrations() []rowcodec.Migration { return rowcodec.Migrations(migrationFS) }

// SchemaVersion is the database version this build creates and reads.
var SchemaVersion = len(migrations())

// migrateLock is the advisory lock key under which migrations run, so
// that two programs opening a new database do not both create it.
const migrateLock = 0x54414744 // 'TAGD'

// Version returns the schema version of the database: 0 for one without
// tagdesk's tables. It refuses one with other programs' tables
// (ErrNotTagdesk) or from a newer tagdesk (ErrNewerSchema).
func version(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}, name string) (int, error) {
	var hasMigrations bool
	var tables int
	if err := q.QueryRow(ctx, `SELECT to_regclass('migrations') IS NOT NULL,
		(SELECT count(*) FROM pg_tables WHERE schemaname = current_schema())`).Scan(&hasMigrations, &tables); err != nil {
		return 0, fmt.Errorf("open %s: %w", name, err)
	}
	if !hasMigrations {
		if tables > 0 {
			return 0, fmt.Errorf("open %s: %w (its schema has %d tables of another program and no tagdesk migrations; use an empty database)", name, ErrNotTagdesk, tables)
		}
		return 0, nil
	}
	var v int
	if err := q.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("open %s: read schema version: %w", name, err)
	}
	if v > SchemaVersion {
		return 0, fmt.Errorf("open %s: %w: its schema is version %d, this tagdesk supports up to version %d; use a newer tagdesk", name, ErrNewerSchema, v, SchemaVersion)
	}
	return v, nil
}

// migrate applies the migrations the database lacks, each in its own
// transaction under an advisory lock, and records each in migrations.
func (db *DB) migrate(ctx context.Context) error {
	v, err := version(ctx, db.pool, db.name)
	if err != nil || v == SchemaVersion {
		return err
	}
	for _, m := range migrations()[v:] {
		if err := db.applyMigration(ctx, m); err != nil {
			return fmt.Errorf("open %s: migrate to version %d (%s): %w", db.name, m.Version, m.Name, err)
		}
	}
	return nil
}

func (db *DB) applyMigration(ctx context.Context, m rowcodec.Migration) error {
	tx, err := db.begin(ctx, pgx.TxOptions{})
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrateLock); err != nil {
		return err
	}
	// Another program may have migrated while we waited for the lock.
	v, err := version(ctx, tx, db.name)
	if err != nil || v >= m.Version {
		return err
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS migrations (
		version    integer PRIMARY KEY,
		name       text    NOT NULL,
		applied_at bigint  NOT NULL
	)`); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, m.SQL); err != nil {
		return err
	}
	now := ms(db.now())
	if m.Version == 1 {
		body, err := json.Marshal(annotate.DefaultSchema())
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schema (id, body, updated) VALUES (1, $1, $2)`, string(body), now); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO migrations (version, name, applied_at) VALUES ($1, $2, $3)`, m.Version, m.Name, now); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
