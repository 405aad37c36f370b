package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage/internal/rowcodec"
)

// Article returns the article with its text; ErrNotFound if absent.
func (db *DB) Article(ctx context.Context, id int64) (*annotate.Article, error) {
	a := &annotate.Article{}
	err := db.view(ctx, func(tx pgx.Tx) error {
		var meta string
		var created, updated int64
		err := tx.QueryRow(ctx, `
			SELECT id, ext_id, title, source, url, published, text, meta, created, updated
			FROM articles WHERE id = $1`, id).
			Scan(&a.ID, &a.ExtID, &a.Title, &a.Source, &a.URL, &a.Published, &a.Text, &meta, &created, &updated)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("article %d: %w", id, annotate.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if a.Meta, err = rowcodec.ParseMeta(meta); err != nil {
			return fmt.Errorf("article %d: %w", id, err)
		}
		a.Created, a.Updated = fromMS(created), fromMS(updated)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// articleText returns an article's text; ErrNotFound if absent.
func articleText(ctx context.Context, tx pgx.Tx, id int64) (string, error) {
	var text string
	err := tx.QueryRow(ctx, `SELECT text FROM articles WHERE id = $1`, id).Scan(&text)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", fmt.Errorf("article %d: %w", id, annotate.ErrNotFound)
	}
	return text, err
}

func articleExists(ctx context.Context, tx pgx.Tx, id int64) error {
	var ok bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM articles WHERE id = $1)`, id).Scan(&ok); err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("article %d: %w", id, annotate.ErrNotFound)
	}
	return nil
}

// ListArticles returns a page of article summaries in article order. The
// query matches title and text case-insensitively.
func (db *DB) ListArticles(ctx context.Context, f annotate.ArticleFilter) ([]annotate.ArticleSummary, error) {
	var out []annotate.ArticleSummary
	err := db.view(ctx, func(tx pgx.Tx) error {
		args := []any{f.Annotator, max(f.Offset, 0)}
		where := articleWhere(f, &args)
		limit := ""
		if f.Limit > 0 {
			args = append(args, f.Limit)
			limit = fmt.Sprintf(" LIMIT $%d", len(args))
		}
		rows, err := tx.Query(ctx, `
			SELECT a.id, a.ext_id, a.title, coalesce(st.status, 'todo'), coalesce(st.flagged, false),
				(SELECT count(*) FROM spans s WHERE s.article_id = a.id AND s.annotator = $1)
			FROM articles a
			LEFT JOIN article_status st ON st.article_id = a.id AND st.annotator = $1
			`+where+` ORDER BY a.id OFFSET $2`+limit, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s annotate.ArticleSummary
			var st string
			if err := rows.Scan(&s.ID, &s.ExtID, &s.Title, &st, &s.Flagged, &s.Spans); err != nil {
				return err
			}
			s.Status = annotate.Status(st)
			out = append(out, s)
		}
		return rows.Err()
	})
	return out, err
}

// CountArticles returns how many articles f matches, ignoring its page.
func (db *DB) CountArticles(ctx context.Context, f annotate.ArticleFilter) (int, error) {
	var n int
	err := db.view(ctx, func(tx pgx.Tx) error {
		var args []any
		where := articleWhere(f, &args)
		return tx.QueryRow(ctx, `SELECT count(*) FROM articles a `+where, args...).Scan(&n)
	})
	return n, err
}

// articleWhere returns the WHERE clause (on articles a) for f's query,
// statuses and "has spans", and appends its parameters to args.
func articleWhere(f annotate.ArticleFilter, args *[]any) string {
	var conds []string
	arg := func(v any) string {
		*args = append(*args, v)
		return fmt.Sprintf("$%d", len(*args))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
		p := arg("%" + r.Replace(q) + "%")
		conds = append(conds, fmt.Sprintf(`(a.title ILIKE %s ESCAPE '\' OR a.text ILIKE %s ESCAPE '\')`, p, p))
	}
	if len(f.Status) > 0 {
		sts := make([]string, len(f.Status))
		for i, st := range f.Status {
			sts[i] = string(st)
		}
		conds = append(conds, fmt.Sprintf(`coalesce((SELECT status FROM article_status WHERE article_id = a.id AND annotator = %s), 'todo') = ANY(%s)`,
			arg(f.Annotator), arg(sts)))
	}
	if f.HasSpans {
		conds = append(conds, fmt.Sprintf(`EXISTS (SELECT 1 FROM spans WHERE article_id = a.id AND annotator = %s)`, arg(f.Annotator)))
	}
	if f.Assigned {
		conds = append(conds, fmt.Sprintf(`EXISTS (SELECT 1 FROM assignments WHERE article_id = a.id AND annotator = %s)`, arg(f.Annotator)))
	}
	if f.Flagged {
		conds = append(conds, fmt.Sprintf(`EXISTS (SELECT 1 FROM article_status WHERE article_id = a.id AND annotator = %s AND flagged)`, arg(f.Annotator)))
	}
	if f.HasSuggestions {
		p := arg(f.Annotator)
		conds = append(conds, rowcodec.HasSuggestionsSQL(p, p))
	}
	if len(conds) == 0 {
		return ""
	}
	return "WHERE " + strings.Join(conds, " AND ")
}

// Status returns the annotator's status of an article (todo if unset);
// ErrNotFound if the article is absent.
func (db *DB) Status(ctx context.Context, articleID int64, annotator string) (annotate.Status, error) {
	st := annotate.StatusTodo
	err := db.view(ctx, func(tx pgx.Tx) error {
		if err := articleExists(ctx, tx, articleID); err != nil {
			return err
		}
		var s string
		err := tx.QueryRow(ctx, `SELECT status FROM article_status WHERE article_id = $1 AND annotator = $2`, articleID, annotator).Scan(&s)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		st = annotate.Status(s)
		return err
	})
	return st, err
}

// SetStatus sets the annotator's status of an article: ErrInvalid for an
// unknown status, ErrNotFound if the article is absent.
func (db *DB) SetStatus(ctx context.Context, articleID int64, annotator string, st annotate.Status) error {
	if _, err := annotate.ParseStatus(string(st)); err != nil {
		return err
	}
	if err := noNUL("the annotator", annotator); err != nil {
		return err
	}
	return db.update(ctx, func(tx pgx.Tx, note func(annotate.Change)) error {
		if err := articleExists(ctx, tx, articleID); err != nil {
			return err
		}
		note(annotate.Change{Kind: annotate.ChangeStatus, ArticleID: articleID, Annotator: annotator})
		_, err := tx.Exec(ctx, setStatusSQL, articleID, annotator, string(st), ms(db.now()))
		return err
	})
}

const setStatusSQL = `
	INSERT INTO article_status (article_id, annotator, status, updated) VALUES ($1, $2, $3, $4)
	ON CONFLICT (article_id, annotator) DO UPDATE SET status = excluded.status, updated = excluded.updated
	WHERE article_status.status IS DISTINCT FROM excluded.status`

// Progress counts the annotator's articles by status; every status is a
// key of ByStatus.
func (db *DB) Progress(ctx context.Context, annotator string) (*annotate.Progress, error) {
	p := &annotate.Progress{ByStatus: map[annotate.Status]int{}}
	err := db.view(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM articles`).Scan(&p.Total); err != nil {
			return err
		}
		return countInto(ctx, tx, `SELECT status, count(*) FROM article_status WHERE annotator = $1 GROUP BY status`,
			func(k string, n int) { p.ByStatus[annotate.Status(k)] = n }, annotator)
	})
	if err != nil {
		return nil, err
	}
	rowcodec.FillProgress(p)
	return p, nil
}

// countInto runs a query of (key, count) rows and hands each to fn.
func countInto(ctx context.Context, tx pgx.Tx, query string, fn func(string, int), args ...any) error {
	rows, err := tx.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		fn(k, n)
	}
	return rows.Err()
}
