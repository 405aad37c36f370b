package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tagdesk/tagdesk/annotate"
)

// RecoverCounts counts rows of one kind: what the damaged file claims to
// hold (-1 when even that cannot be read) and what was saved.
type RecoverCounts struct {
	Claimed, Saved int
}

// RecoverResult says what Recover saved.
type RecoverResult struct {
	Articles, Spans, Statuses RecoverCounts
	Relations                 RecoverCounts
	Unreadable                int  // reads that failed: damaged pages skipped
	DefaultSchema             bool // the stored schema could not be read: the default one is in force
	Check                     CheckResult
}

// Recover saves what can still be read of the tagdesk database at src into
// a new database at dst, and never modifies src. It reads each table row
// by row around damaged pages (see salvage; a garbled header is rebuilt
// on a copy), keeps ids and timestamps, and saves an article only when its
// text is valid and matches its checksum, a span only when it fits its
// saved article and the schema, and a status only when it is a known one
// of a saved article; lost receives a line for each row left out. The new
// database is written beside dst and renamed to it only when Check finds
// nothing wrong with it. An existing dst gives ErrExists unless force.
func Recover(ctx context.Context, src, dst string, force bool, lost func(string)) (RecoverResult, error) {
	var res RecoverResult
	abs, err := filepath.Abs(src)
	if err != nil {
		return res, fmt.Errorf("recover: %w", err)
	}
	if _, err := os.Stat(abs); err != nil {
		return res, fmt.Errorf("recover: %w", err)
	}
	if _, err := os.Lstat(dst); err == nil && !force {
		return res, fmt.Errorf("recover into %s: %w (choose a new file, or use --force to replace it)", dst, ErrExists)
	}
	tmp := dst + ".recovering"
	for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm", tmp + ".header"} {
		defer os.Remove(p)
		os.Remove(p)
	}
	in, err := openDamaged(ctx, abs, tmp+".header")
	if err != nil {
		return res, err
	}
	defer in.Close()
	out, err := Open(tmp)
	if err != nil {
		return res, err
	}
	defer out.Close()
	r := &recovery{ctx: ctx, in: in, res: &res, lost: lost}
	if err := out.update(ctx, r.copyAll); err != nil {
		return res, fmt.Errorf("recover into %s: %w", dst, err)
	}
	if err := out.Close(); err != nil {
		return res, err
	}
	res.Check, err = Check(ctx, tmp, func(p string) { lost("check: " + p) }, nil)
	if err != nil {
		return res, fmt.Errorf("recover: check the new database: %w", err)
	}
	if res.Check.Problems > 0 {
		return res, fmt.Errorf("recover: the new database has %d problem(s); it is left as %s", res.Check.Problems, tmp)
	}
	if err := syncFile(tmp); err != nil {
		return res, err
	}
	return res, os.Rename(tmp, dst)
}

// openDamaged opens a database read-only for recovery; one whose header
// is garbled is read from a copy with a rebuilt header at tmp.
func openDamaged(ctx context.Context, path, tmp string) (*sql.DB, error) {
	if _, err := inspect(path); err == nil || errors.Is(err, ErrNewerSchema) {
		c, err := sql.Open("sqlite3", "file:"+uriPath(path)+fmt.Sprintf("?mode=ro&_busy_timeout=%d", busyTimeout))
		if err != nil {
			return nil, fmt.Errorf("recover: %w", err)
		}
		return c, nil
	} else if !errors.Is(err, annotate.ErrDamaged) {
		return nil, err
	}
	c, err := repairHeader(ctx, path, tmp)
	if err != nil {
		return nil, fmt.Errorf("recover %s: %w", path, err)
	}
	return c, nil
}

type recovery struct {
	ctx  context.Context
	in   *sql.DB
	res  *RecoverResult
	lost func(string)
	ext  map[int64]string // saved articles' external ids
	sums bool             // the damaged file has checksums (schema version 2 on)
	sum  summer
}

// sumCol is the checksum column to read: NULL from a file without one.
func (r *recovery) sumCol() string {
	if r.sums {
		return "sum"
	}
	return "NULL"
}

// sumOK reports whether got, a row's checksum, matches want: a row
// without one cannot be checked and passes.
func sumOK(got sql.NullInt64, want int64) bool { return !got.Valid || got.Int64 == want }

func (r *recovery) lose(format string, a ...any) { r.lost(fmt.Sprintf(format, a...)) }

// claimed counts a table's rows as the damaged file says, -1 if it cannot.
func (r *recovery) claimed(table string) int {
	var n int
	for _, q := range []string{`SELECT count(*) FROM ` + table, `SELECT count(*) FROM ` + table + ` NOT INDEXED`} {
		if err := r.in.QueryRowContext(r.ctx, q).Scan(&n); err == nil {
			return n
		}
	}
	return -1
}

func (r *recovery) copyAll(tx *sql.Tx) error {
	r.res.Articles.Claimed = r.claimed("articles")
	r.res.Spans.Claimed = r.claimed("spans")
	r.res.Statuses.Claimed = r.claimed("article_status")
	r.sums, _ = hasColumn(r.ctx, r.in, "articles", "sum")
	schema, err := r.copySchema(tx)
	if err != nil {
		return err
	}
	if err := r.copyArticles(tx); err != nil {
		return err
	}
	if err := r.copySpans(tx, schema); err != nil {
		return err
	}
	if err := r.copyRelations(tx, schema); err != nil {
		return err
	}
	return r.copyStatuses(tx)
}

func (r *recovery) copySchema(tx *sql.Tx) (*annotate.Schema, error) {
	var body string
	err := r.in.QueryRowContext(r.ctx, `SELECT body FROM schema WHERE id = 1`).Scan(&body)
	var s *annotate.Schema
	if err == nil {
		s, err = annotate.ParseSchema("schema", []byte(body))
	}
	if err == nil {
		err = s.Validate()
	}
	if err != nil {
		r.res.DefaultSchema = true
		r.lose("schema: cannot be read (%v); the default schema is in force", err)
		return findSchema(r.ctx, tx)
	}
	b, err := json.Marshal(s)
	if err != nil {
		return nil, errors.Join(errStop, err)
	}
	_, err = tx.ExecContext(r.ctx, `UPDATE schema SET body = ? WHERE id = 1`, string(b))
	return s, err
}

func (r *recovery) copyArticles(tx *sql.Tx) error {
	r.ext = map[int64]string{}
	n, err := salvage(r.ctx, r.in, "articles", `ext_id, title, source, url, published, text, meta, created, updated, `+r.sumCol(),
		func(rows *sql.Rows, rowid *int64) error {
			var a annotate.Article
			var meta string
			var created, updated int64
			var stored sql.NullInt64
			if err := rows.Scan(rowid, &a.ExtID, &a.Title, &a.Source, &a.URL, &a.Published, &a.Text, &meta, &created, &updated, &stored); err != nil {
				r.lose("article %d: unreadable (%v)", *rowid, err)
				return err
			}
			why := ""
			sum := r.sum.article(a.ExtID, a.Title, a.Source, a.URL, a.Published, a.Text, meta)
			if !sumOK(stored, sum) {
				why = "it does not match its checksum"
			} else if err := annotate.ValidText(a.Text); err != nil {
				why = err.Error()
			} else if _, err := parseMeta(meta); err != nil {
				why = "meta: " + err.Error()
			} else if a.ExtID == "" {
				why = "no external id"
			}
			if why != "" {
				r.lose("article %d (%s): %s", *rowid, a.ExtID, why)
				return nil
			}
			if _, err := tx.ExecContext(r.ctx, `INSERT INTO articles (id, ext_id, title, source, url, published, text, meta, created, updated, sum)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, *rowid, a.ExtID, a.Title, a.Source, a.URL, a.Published, a.Text, meta, created, updated, sum); err != nil {
				r.lose("article %d (%s): %v", *rowid, a.ExtID, err)
				return nil
			}
			r.ext[*rowid] = a.ExtID
			r.res.Articles.Saved++
			return nil
		})
	r.res.Unreadable += n
	return err
}

func (r *recovery) copySpans(tx *sql.Tx, schema *annotate.Schema) error {
	texts := map[int64]*annotate.Index{}
	n, err := salvage(r.ctx, r.in, "spans", `article_id, start, span_end, label, attrs, note, canonical, annotator, created, updated, `+r.sumCol(),
		func(rows *sql.Rows, rowid *int64) error {
			var sp annotate.Span
			var attrs string
			var created, updated int64
			var stored sql.NullInt64
			if err := rows.Scan(rowid, &sp.ArticleID, &sp.Start, &sp.End, &sp.Label, &attrs, &sp.Note, &sp.Canonical, &sp.Annotator, &created, &updated, &stored); err != nil {
				r.lose("span %d: unreadable (%v)", *rowid, err)
				return err
			}
			where := fmt.Sprintf("span %d (article %d, %s)", *rowid, sp.ArticleID, annotatorName(sp.Annotator))
			if _, ok := r.ext[sp.ArticleID]; !ok {
				r.lose("%s: its article was lost", where)
				return nil
			}
			if !sumOK(stored, r.sum.span(sp.ArticleID, sp.Annotator, int64(sp.Start), int64(sp.End), sp.Label, attrs, sp.Note, sp.Canonical)) {
				r.lose("%s: it does not match its checksum", where)
				return nil
			}
			var err error
			if sp.Attrs, err = parseAttrs(attrs); err != nil {
				r.lose("%s: attrs: %v", where, err)
				return nil
			}
			ix, ok := texts[sp.ArticleID]
			if !ok {
				text, err := articleText(r.ctx, tx, sp.ArticleID)
				if err != nil {
					return errors.Join(errStop, err)
				}
				ix = annotate.NewIndex(text)
				clear(texts) // spans come in article order, mostly: keep one text
				texts[sp.ArticleID] = ix
			}
			if err := sp.Validate(ix, schema); err != nil {
				r.lose("%s: %v", where, err)
				return nil
			}
			attrs = string(appendAttrs(nil, sp.Attrs))
			if _, err := tx.ExecContext(r.ctx, `INSERT INTO spans (id, article_id, start, span_end, label, attrs, note, canonical, annotator, created, updated, sum)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, *rowid, sp.ArticleID, sp.Start, sp.End, sp.Label, attrs,
				sp.Note, sp.Canonical, sp.Annotator, created, updated,
				r.sum.span(sp.ArticleID, sp.Annotator, int64(sp.Start), int64(sp.End), sp.Label, attrs, sp.Note, sp.Canonical)); err != nil {
				r.lose("%s: %v", where, mapErr(err))
				return nil
			}
			r.res.Spans.Saved++
			return nil
		})
	r.res.Unreadable += n
	return err
}

// copyStatuses reads the statuses of each saved article (article_status
// has no rowid to probe by: it is read article by article).
func (r *recovery) copyStatuses(tx *sql.Tx) error {
	// Flags came with schema version 5 (article_flags); before, none.
	cols := `annotator, status, updated, 0, ''`
	if rows, err := r.in.QueryContext(r.ctx, `SELECT flagged, comment FROM article_status LIMIT 0`); err == nil {
		rows.Close()
		cols = `annotator, status, updated, flagged, comment`
	}
	for id, ext := range r.ext {
		rows, err := r.in.QueryContext(r.ctx, `SELECT `+cols+` FROM article_status WHERE article_id = ?`, id)
		if err != nil {
			r.res.Unreadable++
			r.lose("article %d (%s): statuses unreadable (%v)", id, ext, err)
			continue
		}
		for rows.Next() {
			var annotator, st, comment string
			var updated int64
			var flagged bool
			if err := rows.Scan(&annotator, &st, &updated, &flagged, &comment); err != nil {
				r.lose("article %d (%s): a status is unreadable (%v)", id, ext, err)
				continue
			}
			if _, err := annotate.ParseStatus(st); err != nil {
				r.lose("article %d (%s): status of %s: %v", id, ext, annotatorName(annotator), err)
				continue
			}
			if _, err := tx.ExecContext(r.ctx, `INSERT INTO article_status (article_id, annotator, status, updated, flagged, comment)
				VALUES (?, ?, ?, ?, ?, ?)`, id, annotator, st, updated, flagged, comment); err != nil {
				rows.Close()
				return err
			}
			r.res.Statuses.Saved++
		}
		if err := rows.Err(); err != nil {
			r.res.Unreadable++
			r.lose("article %d (%s): statuses unreadable (%v)", id, ext, err)
		}
		rows.Close()
	}
	return nil
}
