package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
)

// salvage reads every row of table that SQLite can still read, in rowid
// order, and hands each to fn. It scans the table itself (NOT INDEXED: a
// damaged index does not stop it) from the last rowid it read; where the
// scan fails, it probes rowid by rowid past the damaged pages and scans
// on from the next row it finds. cols is the column list after the rowid;
// fn scans the row with rowid as its first destination. It returns how
// many reads failed. An error of fn that wraps errStop stops it; another
// error counts the row as unreadable.
func salvage(ctx context.Context, src *sql.DB, table, cols string, fn func(rows *sql.Rows, rowid *int64) error) (int, error) {
	failures := 0
	last, bound := int64(-1<<63), int64(-1)
	if err := src.QueryRowContext(ctx, `SELECT coalesce(max(rowid), 0) FROM `+table).Scan(&bound); err != nil {
		failures++
		bound = -1 // unknown: probe up to 65,536 rowids past the damage
	}
	scan := `SELECT rowid, ` + cols + ` FROM ` + table + ` NOT INDEXED WHERE rowid > ? ORDER BY rowid`
	probe := `SELECT rowid, ` + cols + ` FROM ` + table + ` NOT INDEXED WHERE rowid = ?`
	// read runs query and reports whether it returned a row and whether it
	// failed before its end.
	read := func(query string, arg int64) (found, failed bool, err error) {
		rows, err := src.QueryContext(ctx, query, arg)
		if err != nil {
			return false, true, nil
		}
		defer rows.Close()
		for rows.Next() {
			found = true
			var rowid int64
			err := fn(rows, &rowid)
			last = max(last, rowid)
			if errors.Is(err, errStop) {
				return found, false, err
			}
			if err != nil {
				failures++
			}
		}
		return found, rows.Err() != nil, nil
	}
	for {
		_, failed, err := read(scan, last)
		if err == nil {
			err = ctx.Err()
		}
		if err != nil || !failed {
			return failures, err
		}
		failures++
		// Damaged after last: probe the rowids that follow it.
		end := bound
		if end < 0 {
			end = max(last, 0) + 1<<16
		}
		found := false
		for r := max(last+1, 1); r <= end && !found; r++ {
			if found, _, err = read(probe, r); err != nil {
				return failures, err
			}
			last = max(last, r)
		}
		if !found {
			return failures, nil
		}
	}
}

// errStop wraps an error of salvage's fn: it ends salvage, where a read
// error only moves it on.
var errStop = errors.New("stop")

// sqliteMagic starts every SQLite database file.
const sqliteMagic = "SQLite format 3\x00"

// repairHeader copies the database at path, whose 100-byte header is
// garbled, to tmp with a header that SQLite can read: the header of a new
// database with pageSize, its page count left to be taken from the file
// size. It returns the copy's connection when its schema can be read.
func repairHeader(ctx context.Context, path, tmp string) (*sql.DB, error) {
	var lastErr error
	for _, pageSize := range []int{pageSize, 4096, 8192, 32768, 65536, 1024, 2048} {
		if err := copyWithHeader(path, tmp, pageSize); err != nil {
			return nil, err
		}
		c, err := sql.Open("sqlite3", "file:"+uriPath(tmp)+"?mode=ro")
		if err != nil {
			return nil, err
		}
		var n int
		err = c.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE name IN ('articles', 'spans')`).Scan(&n)
		if err == nil && n == 2 {
			return c, nil
		}
		c.Close()
		lastErr = err
	}
	return nil, fmt.Errorf("its header cannot be rebuilt (%v)", lastErr)
}

func copyWithHeader(path, tmp string, pageSize int) error {
	in, err := os.Open(path)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	defer out.Close()
	if _, err := io.Copy(out, in); err != nil {
		return err
	}
	h := make([]byte, 100)
	copy(h, sqliteMagic)
	h[16], h[17] = byte(pageSize>>8), byte(pageSize) // 65536 is stored as 1
	if pageSize == 65536 {
		h[16], h[17] = 0, 1
	}
	h[18], h[19] = 1, 1 // legacy journal: the WAL, if any, is not read
	h[20], h[21], h[22], h[23] = 0, 64, 32, 32
	h[27] = 1 // change counter ≠ version-valid-for: size from the file
	h[47] = 4 // schema format 4
	h[59] = 1 // UTF-8
	copy(h[68:72], []byte{0x54, 0x41, 0x47, 0x44})
	h[99] = 46
	if _, err := out.WriteAt(h, 0); err != nil {
		return err
	}
	return out.Close()
}
