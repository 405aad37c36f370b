package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/mattn/go-sqlite3"
)

func (t *importTx) abort(err error) {
	if t.err == nil {
		t.err = fmt.Errorf("import rolled back: %w", err)
		t.finish(t.tx.Rollback)
	}
}

// finish closes the raw statements, ends the transaction with end
// (Commit or Rollback) and gives the connection back to the pool.
func (t *importTx) finish(end func() error) error {
	t.conn.Raw(func(any) error {
		for _, s := range append(append([]*sqlite3.SQLiteStmt{t.insArticle, t.setStatus}, t.insSpans[:]...), append(t.rel.ins[:], t.rel.insNew[:]...)...) {
			if s != nil {
				s.Close()
			}
		}
		return nil
	})
	err := end()
	if t.batch != nil {
		t.dropTriggers()
	}
	closeImportConn(t.conn)
	return err
}

// closeImportConn turns the foreign-key checks back on and gives conn
// back to the pool, or has the pool drop it when they cannot be.
func closeImportConn(conn *sql.Conn) {
	if _, err := conn.ExecContext(context.Background(), `PRAGMA foreign_keys = ON`); err != nil {
		conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	conn.Close()
}

// Commit makes the import visible and bumps the generation.
func (t *importTx) Commit() error {
	if t.err != nil {
		return t.err
	}
	t.err = errors.New("import already committed")
	ctx := context.Background()
	if err := t.flushRelations(); err != nil {
		t.finish(t.tx.Rollback)
		return fmt.Errorf("commit import: %w", err)
	}
	if err := fillSpanSums(ctx, t.tx); err != nil {
		t.finish(t.tx.Rollback)
		return fmt.Errorf("commit import: %w", err)
	}
	if err := fillRelationSums(ctx, t.tx); err != nil {
		t.finish(t.tx.Rollback)
		return fmt.Errorf("commit import: %w", err)
	}
	if t.batch != nil {
		if err := t.endBatch(ctx); err != nil {
			t.finish(t.tx.Rollback)
			return fmt.Errorf("commit import: %w", err)
		}
	}
	if err := bumpGeneration(ctx, t.tx); err != nil {
		t.finish(t.tx.Rollback)
		return fmt.Errorf("commit import: %w", err)
	}
	if err := t.finish(t.tx.Commit); err != nil {
		return damaged(t.db.path, fmt.Errorf("commit import: %w", mapErr(err)))
	}
	if t.batch != nil {
		t.batchCommitted()
	}
	return nil
}

// Rollback discards the import. It is safe to call after Commit.
func (t *importTx) Rollback() error {
	if t.err != nil {
		return nil
	}
	t.err = errors.New("import rolled back")
	return t.finish(t.tx.Rollback)
}
