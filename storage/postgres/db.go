// Package postgres keeps tagdesk's articles, spans, statuses and label
// schema in a PostgreSQL database, for a team that labels one corpus: the
// second implementation of annotate.Store, beside the SQLite one in
// storage.
//
// The tables have the SQLite store's names and columns, in the database's
// default schema, created by embedded, numbered migrations recorded in the
// table migrations (migration/*.sql). Every method that changes something
// is one committed transaction, which also bumps the generation and
// notifies channel tagdesk (see Watch). The driver is pgx: connection
// URLs, PGPASSWORD, ~/.pgpass and sslmode work as they do for psql.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tagdesk/tagdesk/annotate"
)

// Errors of Open. Neither changes the database.
var (
	// ErrNotTagdesk is returned for a database that holds tables of some
	// other program.
	ErrNotTagdesk = errors.New("not a tagdesk database")
	// ErrNewerSchema is returned for a database written by a newer tagdesk.
	ErrNewerSchema = errors.New("database is from a newer tagdesk")
)

// retryWait is how long an action keeps trying to reach the server (a
// restart, a network blip) before it fails. Only what never reached the
// server is tried again, so nothing is done twice.
var retryWait = 15 * time.Second

// DB is a tagdesk database on a PostgreSQL server. It is safe for
// concurrent use; its pool reconnects by itself after the server restarts.
type DB struct {
	pool  *pgxpool.Pool
	cfg   *pgxpool.Config
	name  string // the URL without its password, for messages
	user  string // the connection's role (current_user): see User
	now   func() time.Time
	cache cache // the schema and article texts (cache.go)
	// offline is set while the server cannot be reached (a call gave up
	// on it, or Watch lost it): calls then try once instead of waiting.
	offline atomic.Bool
}

var _ annotate.Store = (*DB)(nil)

// IsURL reports whether a --db value names a PostgreSQL database
// (postgres:// or postgresql://) rather than an SQLite file.
func IsURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// Redact returns the URL without its password (in the user part or as a
// password parameter), fit for a message.
func Redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "the PostgreSQL URL (unreadable, not shown)"
	}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// Open connects to the PostgreSQL database that url names and brings its
// schema up to date (creating the tables in an empty database). One from
// a newer tagdesk gives ErrNewerSchema, one with other programs' tables
// ErrNotTagdesk; neither is changed.
func Open(ctx context.Context, url string) (*DB, error) {
	db, err := connect(ctx, url)
	if err != nil {
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// ErrNoTables is returned by OpenExisting for a database without tagdesk's
// tables.
var ErrNoTables = errors.New("no tagdesk tables")

// OpenExisting is Open for a command that only reads: a database without
// tagdesk's tables gives ErrNoTables and stays as it is.
func OpenExisting(ctx context.Context, url string) (*DB, error) {
	db, err := connect(ctx, url)
	if err != nil {
		return nil, err
	}
	v, err := version(ctx, db.pool, db.name)
	if err == nil && v == 0 {
		err = fmt.Errorf("open %s: %w (tagdesk init --db URL creates them)", db.name, ErrNoTables)
	}
	if err == nil {
		err = db.migrate(ctx)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// connect opens the pool without touching the schema.
func connect(ctx context.Context, url string) (*DB, error) {
	name := Redact(url)
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("open %s: %s", name, redactErr(err, url))
	}
	cfg.MaxConns = max(cfg.MaxConns, 8)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open %s: %s", name, redactErr(err, url))
	}
	db := &DB{pool: pool, cfg: cfg, name: name, now: time.Now}
	if err := db.ping(ctx); err == nil {
		err = pool.QueryRow(ctx, `SELECT current_user`).Scan(&db.user)
	}
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("open %s: %s", name, redactErr(err, url))
	}
	return db, nil
}

func (db *DB) ping(ctx context.Context) error {
	return db.retry(ctx, func() error { return db.pool.Ping(ctx) })
}

// redactErr returns err's message with the URL's password taken out (pgx
// redacts its own, this is belt and braces).
func redactErr(err error, raw string) string {
	msg := err.Error()
	if u, perr := url.Parse(raw); perr == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok && pw != "" {
			msg = strings.ReplaceAll(msg, pw, "xxxxx")
		}
	}
	return msg
}

// Name returns the database's URL without its password.
func (db *DB) Name() string { return db.name }

// Close closes the pool.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// update runs fn in one write transaction, bumps the generation, commits
// and then notifies what fn changed (see Watch and notify).
func (db *DB) update(ctx context.Context, fn func(tx pgx.Tx, note func(annotate.Change)) error) error {
	tx, err := db.begin(ctx, pgx.TxOptions{})
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	var changes []annotate.Change
	if err := fn(tx, func(c annotate.Change) { changes = append(changes, c) }); err != nil {
		return db.lostErr(tx, err)
	}
	if err := bumpGeneration(ctx, tx); err != nil {
		return db.lostErr(tx, err)
	}
	if err := tx.Commit(ctx); err != nil {
		if tx.Conn().IsClosed() {
			return fmt.Errorf("%s: the connection was lost while the change was being committed, so whether it was saved is unknown (read it again): %w", db.name, err)
		}
		return mapErr(err)
	}
	db.notify(ctx, changes)
	return nil
}

// lostErr maps an error of a transaction that has not been committed:
// ErrOffline when its connection is gone (the server rolled it back, so
// nothing was done), else as mapErr.
func (db *DB) lostErr(tx pgx.Tx, err error) error {
	if tx.Conn().IsClosed() && !errors.Is(err, annotate.ErrInvalid) {
		return fmt.Errorf("%s: %w: the connection to the server was lost; nothing was changed (%v)", db.name, annotate.ErrOffline, err)
	}
	return mapErr(err)
}

// bumpGeneration bumps the generation, last in a write transaction, so
// that its row lock is held for the shortest time: the counter of this
// server process, which no other process shares (see
// migration/0006_action_speed.sql).
func bumpGeneration(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `INSERT INTO generation (id, n) VALUES (pg_backend_pid(), 1)
		ON CONFLICT (id) DO UPDATE SET n = generation.n + 1`)
	return err
}

// notify sends the notifications of a committed write on Channel, in a
// transaction of their own (one round trip). Not in the write's own: a
// transaction that notifies holds a database-wide lock from its commit
// until its commit record is on disk (PostgreSQL keeps notifications in
// commit order so), which made 20 annotators' commits reach the disk one
// at a time, each waiting for the fsync of the one before. The
// notifications' transaction commits without waiting for the disk
// (synchronous_commit off for it alone: notifications are not kept
// across a crash anyway); the writes themselves stay durable and are
// synced together again. A notification that cannot be sent (the
// connection was lost after the commit) is dropped: the change is
// committed, and a window that misses it sees it at its next
// notification or when its Watch reconnects (ChangeUnknown).
func (db *DB) notify(ctx context.Context, changes []annotate.Change) {
	if len(changes) == 0 {
		return
	}
	b := &pgx.Batch{}
	b.Queue(`BEGIN`)
	b.Queue(`SET LOCAL synchronous_commit TO off`)
	for _, c := range changes {
		b.Queue(`SELECT pg_notify($1, $2)`, Channel, encodeChange(c))
	}
	b.Queue(`COMMIT`)
	db.pool.SendBatch(context.WithoutCancel(ctx), b).Close()
}

// view runs fn in one read-only transaction with one snapshot.
func (db *DB) view(ctx context.Context, fn func(tx pgx.Tx) error) error {
	tx, err := db.begin(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := fn(tx); err != nil {
		return db.lostErr(tx, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return db.lostErr(tx, err)
	}
	return nil
}

// begin begins a transaction, trying again while the server cannot be
// reached (see retryWait), or once only while it is known to be offline.
// A server it cannot reach gives ErrOffline.
func (db *DB) begin(ctx context.Context, opts pgx.TxOptions) (pgx.Tx, error) {
	var tx pgx.Tx
	try := func() error {
		var err error
		tx, err = db.pool.BeginTx(ctx, opts)
		return err
	}
	var err error
	if db.offline.Load() {
		err = try()
	} else {
		err = db.retry(ctx, try)
	}
	switch {
	case err == nil:
		db.offline.Store(false)
		return tx, nil
	case isConnErr(err) || pgconn.SafeToRetry(err):
		db.offline.Store(true)
		return nil, fmt.Errorf("%s: %w: the server cannot be reached; nothing was changed (%v)", db.name, annotate.ErrOffline, err)
	}
	return nil, fmt.Errorf("%s: %w", db.name, mapErr(err))
}

// retry runs fn until it succeeds, fails with an error that may have
// reached the server, retryWait passes, or the server is known to be
// offline.
func (db *DB) retry(ctx context.Context, fn func() error) error {
	deadline := time.Now().Add(retryWait)
	delay := 20 * time.Millisecond
	for {
		err := fn()
		if err == nil || !pgconn.SafeToRetry(err) && !isConnErr(err) || !time.Now().Before(deadline) || db.offline.Load() {
			return err // (offline: Watch lost the server too; the caller waits, see annotate.ErrOffline)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(delay):
		}
		delay = min(2*delay, time.Second)
	}
}

// isConnErr reports a failure to connect, or a server going down: nothing
// was done, so the action may be tried again.
func isConnErr(err error) bool {
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return true
	}
	var pe *pgconn.PgError
	// admin_shutdown, crash_shutdown, cannot_connect_now
	return errors.As(err, &pe) && (pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03")
}

// mapErr maps PostgreSQL's errors to annotate's sentinels by their code.
func mapErr(err error) error {
	var pe *pgconn.PgError
	if err == nil || !errors.As(err, &pe) {
		return err
	}
	switch pe.Code {
	case "23505": // unique_violation
		return fmt.Errorf("%w: %v", annotate.ErrConflict, err)
	case "23503": // foreign_key_violation
		return fmt.Errorf("%w: %v", annotate.ErrNotFound, err)
	case "23514", "22P05", "22021": // check_violation, untranslatable_character, character_not_in_repertoire
		return fmt.Errorf("%w: %v", annotate.ErrInvalid, err)
	case "40001", "40P01", "55P03": // serialization_failure, deadlock_detected, lock_not_available
		return fmt.Errorf("%w: %v", annotate.ErrBusy, err)
	case "42501": // insufficient_privilege, also a row-level security policy's refusal
		return fmt.Errorf("%w: %v", ErrDenied, err)
	}
	return err
}

// ms returns t as Unix milliseconds, the unit of every timestamp column.
func ms(t time.Time) int64 { return t.UnixMilli() }

// fromMS returns Unix milliseconds as a UTC time.
func fromMS(n int64) time.Time { return time.UnixMilli(n).UTC() }

// noNUL refuses text PostgreSQL cannot hold: a text value may not contain
// U+0000 (SQLite's may).
func noNUL(what string, vals ...string) error {
	for _, v := range vals {
		if strings.IndexByte(v, 0) >= 0 {
			return fmt.Errorf("%w: %s holds U+0000, which PostgreSQL text cannot store", annotate.ErrInvalid, what)
		}
	}
	return nil
}
