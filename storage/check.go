package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tagdesk/tagdesk/annotate"
)

// CheckResult counts what Check looked at and found.
type CheckResult struct {
	Version   int // the database's schema version
	Articles  int
	Spans     int
	Relations int
	Problems  int
	// Damaged counts the problems that only damage to the file explains:
	// SQLite's own checks, and rows that do not match their checksums.
	Damaged int
	// Overlaps counts pairs of one annotator's spans with the same label
	// that overlap or nest (annotate.SameLabelOverlaps): allowed, so not
	// problems, but usually slips, each reported to Check's note.
	Overlaps int
}

// Check reads the database at path without changing it (a read-only
// connection, no migration) and reports each problem it finds to problem,
// one line each:
//
//   - SQLite's own PRAGMA integrity_check and foreign_key_check;
//   - the stored schema parses and is valid;
//   - every article's text is valid UTF-8 and its meta is a JSON object;
//   - every span lies inside its article's text with start < end, has a
//     label of the schema and only declared attributes with allowed values
//     (annotate.Span.Validate), and its attrs column is a JSON object;
//   - every status is a known one;
//   - every relation has a type that the schema allows between its
//     spans' labels.
//
// Span problems read "article ID (EXTID) span N (annotator A): what",
// relation problems "article ID (EXTID) relation N (annotator A) from span
// H to span T: what". The
// pairs of one annotator's spans with the same label that overlap or nest
// are not problems; note receives each, when it is set. The error is for
// a file that cannot be checked at all (missing, not a tagdesk database,
// unreadable).
func Check(ctx context.Context, path string, problem, note func(string)) (CheckResult, error) {
	var res CheckResult
	abs, err := filepath.Abs(path)
	if err != nil {
		return res, fmt.Errorf("check: %w", err)
	}
	if _, err := os.Stat(abs); err != nil {
		return res, fmt.Errorf("check: %w", err)
	}
	if res.Version, err = inspect(abs); err != nil {
		return res, err
	}
	if res.Version == 0 {
		return res, fmt.Errorf("check %s: %w (an empty file)", abs, ErrNotTagdesk)
	}
	conn, err := sql.Open("sqlite3", "file:"+uriPath(abs)+fmt.Sprintf("?mode=ro&_busy_timeout=%d", busyTimeout))
	if err != nil {
		return res, fmt.Errorf("check: %w", err)
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	report := func(format string, a ...any) {
		res.Problems++
		problem(fmt.Sprintf(format, a...))
	}
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return res, fmt.Errorf("check: %w", err)
	}
	defer tx.Rollback()
	damage := func(format string, a ...any) {
		res.Damaged++
		report(format, a...)
	}
	if err := checkSQLite(ctx, tx, damage); err != nil {
		return res, damaged(abs, fmt.Errorf("check %s: %w", abs, err))
	}
	if note == nil {
		note = func(string) {}
	}
	if err := checkContent(ctx, tx, &res, report, damage, note); err != nil {
		return res, damaged(abs, fmt.Errorf("check %s: %w", abs, err))
	}
	return res, nil
}

func checkSQLite(ctx context.Context, tx *sql.Tx, report func(string, ...any)) error {
	rows, err := tx.QueryContext(ctx, `PRAGMA integrity_check(100)`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			return err
		}
		if msg != "ok" {
			report("sqlite: %s", msg)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	fk, err := tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return err
	}
	defer fk.Close()
	for fk.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var n int
		if err := fk.Scan(&table, &rowid, &parent, &n); err != nil {
			return err
		}
		report("%s row %d: refers to a missing row of %s", table, rowid.Int64, parent)
	}
	return fk.Err()
}

func checkContent(ctx context.Context, tx *sql.Tx, res *CheckResult, report, damage func(string, ...any), note func(string)) error {
	sums, err := hasColumn(ctx, tx, "articles", "sum")
	if err != nil {
		return err
	}
	sumCol := "NULL"
	if sums {
		sumCol = "sum"
	}
	var sum summer
	schema, err := findSchema(ctx, tx)
	if err != nil {
		report("schema: %v", err)
		schema = nil
	}
	var gen int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM generation WHERE id = 1`).Scan(&gen); err != nil {
		return err
	} else if gen != 1 {
		report("generation: the counter row is missing")
	}
	if err := checkStatuses(ctx, tx, report); err != nil {
		return err
	}
	if res.Relations, err = checkRelations(ctx, tx, schema, report, damage); err != nil {
		return err
	}
	// One article at a time, so that memory holds one text.
	var last int64
	for {
		var id int64
		var ext, title, source, url, published, text, meta string
		var stored sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT id, ext_id, title, source, url, published, text, meta, `+sumCol+`
			FROM articles WHERE id > ? ORDER BY id LIMIT 1`, last).
			Scan(&id, &ext, &title, &source, &url, &published, &text, &meta, &stored)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		last = id
		res.Articles++
		where := fmt.Sprintf("article %d (%s)", id, ext)
		if sums && !stored.Valid {
			damage("%s: has no checksum", where)
		} else if sums && stored.Int64 != sum.article(ext, title, source, url, published, text, meta) {
			damage("%s: does not match its checksum: damage to the file changed its text or metadata", where)
		}
		if err := annotate.ValidText(text); err != nil {
			report("%s: %v", where, err)
		}
		if _, err := parseMeta(meta); err != nil {
			report("%s: meta: %v", where, err)
		}
		ix := annotate.NewIndex(text)
		spans, n, err := checkSpans(ctx, tx, id, where, ix, schema, sumCol, report, damage)
		if err != nil {
			return err
		}
		res.Spans += n
		for _, p := range annotate.SameLabelOverlaps(spans) {
			a, b := &spans[p[0]], &spans[p[1]]
			res.Overlaps++
			note(fmt.Sprintf("%s: spans %d %q and %d %q (%s) are both %s and overlap", where,
				a.ID, ix.Slice(a.Start, a.End), b.ID, ix.Slice(b.Start, b.End), annotatorName(a.Annotator), a.Label))
		}
	}
}

// checkSpans checks an article's spans and returns the valid ones.
func checkSpans(ctx context.Context, tx *sql.Tx, articleID int64, where string, ix *annotate.Index, schema *annotate.Schema,
	sumCol string, report, damage func(string, ...any)) ([]annotate.Span, int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, start, span_end, label, attrs, note, canonical, annotator, `+sumCol+`
		FROM spans WHERE article_id = ? ORDER BY id`, articleID)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var spans []annotate.Span
	var sum summer
	n := 0
	for rows.Next() {
		var sp annotate.Span
		var attrs string
		var stored sql.NullInt64
		if err := rows.Scan(&sp.ID, &sp.Start, &sp.End, &sp.Label, &attrs, &sp.Note, &sp.Canonical, &sp.Annotator, &stored); err != nil {
			return spans, n, err
		}
		n++
		at := fmt.Sprintf("%s span %d (%s)", where, sp.ID, annotatorName(sp.Annotator))
		if sumCol != "NULL" && !stored.Valid {
			damage("%s: has no checksum", at)
		} else if sumCol != "NULL" && stored.Int64 != sum.span(articleID, sp.Annotator, int64(sp.Start), int64(sp.End), sp.Label, attrs, sp.Note, sp.Canonical) {
			damage("%s: does not match its checksum: damage to the file changed it", at)
		}
		if sp.Attrs, err = parseAttrs(attrs); err != nil {
			report("%s: attrs: %v", at, err)
			sp.Attrs = nil
		}
		if schema == nil {
			schema = &annotate.Schema{}
		}
		if err := sp.Validate(ix, schema); err != nil {
			report("%s: %v", at, err)
			continue
		}
		spans = append(spans, sp)
	}
	return spans, n, rows.Err()
}

func checkStatuses(ctx context.Context, tx *sql.Tx, report func(string, ...any)) error {
	rows, err := tx.QueryContext(ctx, `SELECT article_id, annotator, status FROM article_status ORDER BY article_id, annotator`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var annotator, st string
		if err := rows.Scan(&id, &annotator, &st); err != nil {
			return err
		}
		if _, err := annotate.ParseStatus(st); err != nil {
			report("article %d status of %s: %v", id, annotatorName(annotator), err)
		}
	}
	return rows.Err()
}

// hasColumn reports whether table has column col (a database of an older
// schema version lacks the newer ones).
func hasColumn(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, table, col string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM pragma_table_info(?) WHERE name = ?`, table, col).Scan(&n)
	return n > 0, err
}
