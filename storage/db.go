// Package storage keeps tagdesk's articles, spans, statuses and label
// schema in an SQLite database: the implementation of annotate.Store.
//
// One database is one file, opened in WAL mode with foreign keys on and a
// busy timeout, so a GUI and command-line imports can share it. The schema
// comes from embedded, numbered migrations (migration/*.sql). Every method
// that changes something is one committed transaction.
package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/tagdesk/tagdesk/annotate"
)

// Errors of Open. Neither modifies the file.
var (
	// ErrNotTagdesk is returned for a file that is not SQLite at all, or an
	// SQLite database of some other program.
	ErrNotTagdesk = errors.New("not a tagdesk database")
	// ErrNewerSchema is returned for a database written by a newer tagdesk.
	ErrNewerSchema = errors.New("database is from a newer tagdesk")
	// ErrBusy is returned by a write that waited writeWait for another
	// process's write lock (a very long import) and gave up. Nothing of the
	// write is stored; trying again later stores it. It wraps
	// annotate.ErrBusy, so errors.Is matches either.
	ErrBusy = fmt.Errorf("database is %w", annotate.ErrBusy)
)

// applicationID marks a tagdesk database in its header ('TAGD').
const applicationID = 0x54414744

// busyTimeout is how long, in milliseconds, a statement waits for another
// connection's lock before it fails with SQLITE_BUSY. (A variable so that
// tests can shorten it.)
var busyTimeout = 10000

// writeWait is how long a write transaction keeps trying to get the write
// lock. An import holds the lock for its whole file, which for a huge file
// takes longer than busyTimeout: a span added in the window meanwhile
// waits (BEGIN IMMEDIATE retried with backoff) instead of failing, and
// only after writeWait does it give up with ErrBusy.
var writeWait = 60 * time.Second

// busyWaited, when not nil, is called each time a write met the lock
// held by another connection for a whole busy timeout: the tests' event.
var busyWaited func()

// DB is a tagdesk database. It is safe for concurrent use.
type DB struct {
	path string
	w    *sql.DB // writes: BEGIN IMMEDIATE, so a transaction never has to upgrade its lock
	r    *sql.DB // reads: deferred transactions that never block writers
	now  func() time.Time
	tmp  string // a folder Close removes (OpenReadOnly's upgraded copy)
	// noBatches turns the recording of import batches off (the
	// benchmarks' baseline; see batches.go).
	noBatches bool
}

var (
	_ annotate.Store        = (*DB)(nil)
	_ annotate.CheckedSpans = (*DB)(nil)
)

// Open opens the tagdesk database at path, creating it if it is missing
// and bringing its schema up to date. Before an existing database is
// migrated it is copied beside itself as path.bak-vN (N its version).
// A file that is not a tagdesk database gives ErrNotTagdesk, one from a
// newer tagdesk ErrNewerSchema; neither is touched.
func Open(path string) (*DB, error) {
	abs, version, err := inspectPath(path)
	if err != nil {
		return nil, err
	}
	if version == 0 {
		if err := create(abs); err != nil {
			return nil, err
		}
	}
	db := &DB{path: abs, now: time.Now}
	if db.w, err = sql.Open("sqlite3", dsn(abs, "_txlock=immediate")); err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if db.r, err = sql.Open("sqlite3", dsn(abs, "_query_only=1")); err != nil {
		db.w.Close()
		return nil, fmt.Errorf("open database: %w", err)
	}
	// Several readers, one writer at a time (SQLite allows no more): a
	// second pooled writer would only wait on the lock.
	db.w.SetMaxOpenConns(1)
	db.r.SetMaxOpenConns(4)
	if err := db.migrate(context.Background(), version); err != nil {
		db.Close()
		return nil, damaged(abs, err)
	}
	return db, nil
}

// pageSize is the page size of a new database. 16 KB pages hold several
// ~3 KB articles each where 4 KB pages hold one (a quarter of each page
// left empty), and an import writes fewer, larger pages: a 400,000-span
// import writes 13% fewer bytes and takes about 8% less time.
const pageSize = 16384

// create gives a database file that does not exist yet, or is empty, its
// page size, which is fixed once the first page is written (journal_mode
// WAL in the DSN writes it). An existing database keeps its own.
func create(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.Size() > 0 {
		return nil
	}
	c, err := sql.Open("sqlite3", "file:"+uriPath(path)+fmt.Sprintf("?_busy_timeout=%d", busyTimeout))
	if err != nil {
		return fmt.Errorf("create database: %w", err)
	}
	defer c.Close()
	if _, err := c.Exec(fmt.Sprintf("PRAGMA page_size = %d; PRAGMA journal_mode = WAL", pageSize)); err != nil {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	return c.Close()
}

// dsn returns the connection string for path: pragmas go here so that
// every pooled connection has them. synchronous=FULL syncs the WAL at
// every commit, so a committed change survives a power cut too, not only
// a crash of the program; an import is one transaction, so it costs an
// import one sync. The page cache is 4 MB a connection
// (_cache_size=-4096): 16 MB imported no faster and took the import's peak
// memory past 50 MB.
func dsn(path string, extra string) string {
	q := fmt.Sprintf("_journal_mode=WAL&_foreign_keys=on&_busy_timeout=%d&_synchronous=FULL&_stmt_cache_size=32&_cache_size=-4096&_mutex=no", busyTimeout)
	if extra != "" {
		q += "&" + extra
	}
	return "file:" + uriPath(path) + "?" + q
}

// uriPath escapes path for an SQLite URI filename: '?', '#' and '%' in a
// file name would otherwise end or change it.
func uriPath(path string) string {
	u := url.URL{Path: filepath.ToSlash(path)}
	return u.EscapedPath()
}

// Path returns the database file's absolute path.
func (db *DB) Path() string { return db.path }

// Close closes the database.
func (db *DB) Close() error {
	var errs []error
	if db.r != nil {
		errs = append(errs, db.r.Close())
	}
	if db.w != nil && db.w != db.r { // a read-only DB has one pool
		errs = append(errs, db.w.Close())
	}
	if db.tmp != "" {
		errs = append(errs, os.RemoveAll(db.tmp))
	}
	return errors.Join(errs...)
}

// update runs fn in one write transaction, bumps the generation counter
// and commits.
func (db *DB) update(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return damaged(db.path, db.updateTx(ctx, fn))
}

func (db *DB) updateTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return mapErr(err)
	}
	if err := bumpGeneration(ctx, tx); err != nil {
		return mapErr(err)
	}
	return mapErr(tx.Commit())
}

// beginWrite begins a write transaction (BEGIN IMMEDIATE: it takes the
// write lock at once, so no statement inside it can meet SQLITE_BUSY). While
// another connection holds the lock it retries with backoff for up to
// writeWait, then returns ErrBusy.
func (db *DB) beginWrite(ctx context.Context) (*sql.Tx, error) {
	return db.beginWriteWith(ctx, db.w.BeginTx)
}

// beginWriteWith is beginWrite with begin in place of db.w.BeginTx (an
// import begins on a connection that it holds, see BeginImport).
func (db *DB) beginWriteWith(ctx context.Context, begin func(context.Context, *sql.TxOptions) (*sql.Tx, error)) (*sql.Tx, error) {
	deadline := time.Now().Add(writeWait)
	delay := 10 * time.Millisecond
	for {
		tx, err := begin(ctx, nil)
		if err == nil {
			return tx, nil
		}
		if !isBusy(err) {
			return nil, mapErr(err)
		}
		if busyWaited != nil {
			busyWaited()
		}
		if !time.Now().Before(deadline) {
			return nil, fmt.Errorf("%w: another program (perhaps a long tagdesk import) has been writing to %s for over %v; wait for it to finish and try again (%v)", ErrBusy, db.path, writeWait.Round(time.Second), err)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(delay):
		}
		delay = min(2*delay, time.Second)
	}
}

func isBusy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}

// view runs fn in one read transaction: it sees one consistent snapshot.
func (db *DB) view(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return damaged(db.path, db.viewTx(ctx, fn))
}

func (db *DB) viewTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.r.BeginTx(ctx, nil)
	if err != nil {
		return mapErr(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return mapErr(err)
	}
	return mapErr(tx.Commit())
}

func bumpGeneration(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `UPDATE generation SET n = n + 1 WHERE id = 1`)
	return err
}

// mapErr maps SQLite's errors to annotate's sentinels by their code.
func mapErr(err error) error {
	var se sqlite3.Error
	if err == nil || !errors.As(err, &se) {
		return err
	}
	if isDamage(err) {
		return &DamagedError{Err: err}
	}
	if isBusy(err) && !errors.Is(err, ErrBusy) {
		return fmt.Errorf("%w: %w", ErrBusy, err)
	}
	switch se.ExtendedCode {
	case sqlite3.ErrConstraintUnique, sqlite3.ErrConstraintPrimaryKey:
		return fmt.Errorf("%w: %v", annotate.ErrConflict, err)
	case sqlite3.ErrConstraintForeignKey:
		return fmt.Errorf("%w: %v", annotate.ErrNotFound, err)
	case sqlite3.ErrConstraintCheck:
		return fmt.Errorf("%w: %v", annotate.ErrInvalid, err)
	}
	return err
}

// ms returns t as Unix milliseconds, the unit of every timestamp column.
func ms(t time.Time) int64 { return t.UnixMilli() }

// fromMS returns Unix milliseconds as a UTC time.
func fromMS(n int64) time.Time { return time.UnixMilli(n).UTC() }
