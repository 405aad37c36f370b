package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"

	"github.com/mattn/go-sqlite3"

	"github.com/tagdesk/tagdesk/storage/internal/rowcodec"
)

// relCursor walks the relations in article order, one row ahead. It
// reads them from the driver (conn.Raw) on the connection of the export's
// transaction, into one reused row of driver values: database/sql's
// locking and per-column conversions of each row cost more than SQLite's
// own step, and an export reads half as many relations again as spans.
// Every call into the driver is made inside conn.Raw, which holds the
// connection's lock, so none runs beside database/sql's own use of it
// (the other cursors, a rollback when the context ends).
type relCursor struct {
	conn *sql.Conn
	rows driver.Rows // nil on a database that predates relations
	dest []driver.Value
	ok   bool
	row  rowcodec.RelationRow
	sum  sql.NullInt64
	s    summer
	// sums is whether the rows carry checksums (not on a database from
	// before them, read as it is).
	sums bool
}

// relCursorColumns are the columns the cursor reads, in its order.
var relCursorColumns = [...]string{"article_id", "annotator", "head_id", "tail_id", "label", "note", "sum"}

// relationCursor opens export's relations cursor on conn, whose
// transaction tx is; annotator, when not empty, selects that annotator's.
// On a database that predates relations it has no rows. Close it before
// the transaction ends.
func relationCursor(ctx context.Context, conn *sql.Conn, tx *sql.Tx, annotator string) (*relCursor, error) {
	c := &relCursor{conn: conn, dest: make([]driver.Value, len(relCursorColumns))}
	if ok, err := hasTable(ctx, tx, "relations"); err != nil || !ok {
		return c, err
	}
	sum, err := relationSumColumn(ctx, tx)
	if err != nil {
		return nil, err
	}
	c.sums = sum != "NULL"
	query := `SELECT article_id, annotator, head_id, tail_id, label, note, ` + sum + ` FROM relations `
	var args []driver.NamedValue
	if annotator != "" {
		query += `WHERE annotator = ? `
		args = []driver.NamedValue{{Ordinal: 1, Value: annotator}}
	}
	query += `ORDER BY article_id, annotator`
	err = c.raw(func(sc *sqlite3.SQLiteConn) error {
		// Not the caller's context: the driver would interrupt the
		// statement from another goroutine. The export's other cursors
		// end with it.
		rows, err := sc.QueryContext(context.Background(), query, args)
		if err != nil {
			return err
		}
		c.rows = rows
		return c.next()
	})
	if err != nil {
		c.close()
		return nil, err
	}
	return c, nil
}

// raw runs fn on the cursor's driver connection.
func (c *relCursor) raw(fn func(*sqlite3.SQLiteConn) error) error {
	return c.conn.Raw(func(dc any) error {
		sc, ok := dc.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("export: unexpected driver connection %T", dc)
		}
		return fn(sc)
	})
}

// next reads the next row into c.row (inside raw).
func (c *relCursor) next() error {
	err := c.rows.Next(c.dest)
	if c.ok = err == nil; !c.ok {
		if err == io.EOF {
			err = nil
		}
		return err
	}
	d, r := c.dest, &c.row
	for _, x := range [...]struct {
		col int
		to  *int64
	}{{0, &r.ArticleID}, {2, &r.Head}, {3, &r.Tail}} {
		v, ok := d[x.col].(int64)
		if !ok {
			c.ok = false
			return fmt.Errorf("relation: %s holds %T, not an integer", relCursorColumns[x.col], d[x.col])
		}
		*x.to = v
	}
	for _, x := range [...]struct {
		col int
		to  *string
	}{{1, &r.Annotator}, {4, &r.Label}, {5, &r.Note}} {
		switch v := d[x.col].(type) {
		case string:
			*x.to = v
		case []byte:
			*x.to = string(v)
		default:
			c.ok = false
			return fmt.Errorf("relation: %s holds %T, not text", relCursorColumns[x.col], v)
		}
	}
	// A checksum that is not an integer is one that does not match.
	c.sum.Int64, c.sum.Valid = d[6].(int64)
	return nil
}

// article appends the relations of article id to out, and says why the
// first of them that does not match its checksum does not ("" when all
// do).
func (c *relCursor) article(id int64, out []rowcodec.RelationRow) ([]rowcodec.RelationRow, string, error) {
	if !c.ok {
		return out, "", nil
	}
	why := ""
	err := c.raw(func(*sqlite3.SQLiteConn) error {
		for c.ok && c.row.ArticleID < id { // orphans: see exportTx
			if err := c.next(); err != nil {
				return err
			}
		}
		for c.ok && c.row.ArticleID == id {
			if c.sums && why == "" {
				r := &c.row
				why = c.s.relationWhy(id, r.Annotator, r.Head, r.Tail, r.Label, r.Note, c.sum)
			}
			out = append(out, c.row)
			if err := c.next(); err != nil {
				return err
			}
		}
		return nil
	})
	return out, why, err
}

// close closes the rows, if any.
func (c *relCursor) close() {
	if c.rows != nil {
		c.raw(func(*sqlite3.SQLiteConn) error { return c.rows.Close() })
		c.rows = nil
	}
}
