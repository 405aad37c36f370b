package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage/internal/rowcodec"
)

// Article returns the article with its text; ErrNotFound if absent. An
// article whose row or one of whose spans does not match its stored
// checksum gives a *DamagedError naming it.
func (db *DB) Article(ctx context.Context, id int64) (*annotate.Article, error) {
	var a *annotate.Article
	err := db.view(ctx, func(tx *sql.Tx) error {
		var err error
		if a, err = findArticle(ctx, tx, id); err != nil {
			return err
		}
		return verifyArticle(ctx, tx, a)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

func findArticle(ctx context.Context, tx *sql.Tx, id int64) (*annotate.Article, error) {
	a := &annotate.Article{}
	var meta string
	var created, updated int64
	err := tx.QueryRowContext(ctx, `
		SELECT id, ext_id, title, source, url, published, text, meta, created, updated
		FROM articles WHERE id = ?`, id).
		Scan(&a.ID, &a.ExtID, &a.Title, &a.Source, &a.URL, &a.Published, &a.Text, &meta, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("article %d: %w", id, annotate.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	if a.Meta, err = parseMeta(meta); err != nil {
		return nil, fmt.Errorf("article %d: %w", id, err)
	}
	a.Created, a.Updated = fromMS(created), fromMS(updated)
	return a, nil
}

// articleText returns an article's text; ErrNotFound if absent.
func articleText(ctx context.Context, tx *sql.Tx, id int64) (string, error) {
	var text string
	err := tx.QueryRowContext(ctx, `SELECT text FROM articles WHERE id = ?`, id).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("article %d: %w", id, annotate.ErrNotFound)
	}
	return text, err
}

// ListArticles returns a page of article summaries in article order. The
// query matches title and text, case-insensitively for ASCII letters.
func (db *DB) ListArticles(ctx context.Context, f annotate.ArticleFilter) ([]annotate.ArticleSummary, error) {
	var out []annotate.ArticleSummary
	err := db.view(ctx, func(tx *sql.Tx) error {
		where, args := articleWhere(f)
		limit := int64(-1)
		if f.Limit > 0 {
			limit = int64(f.Limit)
		}
		args = append([]any{f.Annotator, f.Annotator}, args...)
		args = append(args, limit, max(f.Offset, 0))
		rows, err := tx.QueryContext(ctx, `
			SELECT a.id, a.ext_id, a.title, coalesce(st.status, 'todo'), coalesce(st.flagged, 0),
				(SELECT count(*) FROM spans s WHERE s.article_id = a.id AND s.annotator = ?1)
			FROM articles a
			LEFT JOIN article_status st ON st.article_id = a.id AND st.annotator = ?2
			`+where+`
			ORDER BY a.id LIMIT ? OFFSET ?`, args...)
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
	err := db.view(ctx, func(tx *sql.Tx) error {
		where, args := articleWhere(f)
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM articles a `+where, args...).Scan(&n)
	})
	return n, err
}

// articleWhere returns the WHERE clause (on articles a) for f's query,
// statuses and spans.
func articleWhere(f annotate.ArticleFilter) (string, []any) {
	var conds []string
	var args []any
	if q := strings.TrimSpace(f.Query); q != "" {
		r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
		pat := "%" + r.Replace(q) + "%"
		conds = append(conds, `(a.title LIKE ? ESCAPE '\' OR a.text LIKE ? ESCAPE '\')`)
		args = append(args, pat, pat)
	}
	if len(f.Status) > 0 {
		conds = append(conds, `coalesce((SELECT status FROM article_status WHERE article_id = a.id AND annotator = ?), 'todo') IN (?`+
			strings.Repeat(", ?", len(f.Status)-1)+`)`)
		args = append(args, f.Annotator)
		for _, st := range f.Status {
			args = append(args, string(st))
		}
	}
	if f.HasSpans {
		conds = append(conds, `EXISTS (SELECT 1 FROM spans WHERE article_id = a.id AND annotator = ?)`)
		args = append(args, f.Annotator)
	}
	if f.Assigned {
		conds = append(conds, `EXISTS (SELECT 1 FROM assignments WHERE article_id = a.id AND annotator = ?)`)
		args = append(args, f.Annotator)
	}
	if f.Flagged {
		conds = append(conds, `EXISTS (SELECT 1 FROM article_status WHERE article_id = a.id AND annotator = ? AND flagged = 1)`)
		args = append(args, f.Annotator)
	}
	if f.HasSuggestions {
		conds = append(conds, rowcodec.HasSuggestionsSQL("?", "?"))
		args = append(args, f.Annotator, f.Annotator)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return "WHERE " + strings.Join(conds, " AND "), args
}

// Status returns the annotator's status of an article (todo if unset);
// ErrNotFound if the article is absent.
func (db *DB) Status(ctx context.Context, articleID int64, annotator string) (annotate.Status, error) {
	var st annotate.Status
	err := db.view(ctx, func(tx *sql.Tx) error {
		if _, err := articleExists(ctx, tx, articleID); err != nil {
			return err
		}
		var err error
		st, err = findStatus(ctx, tx, articleID, annotator)
		return err
	})
	return st, err
}

func articleExists(ctx context.Context, tx *sql.Tx, id int64) (bool, error) {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM articles WHERE id = ?`, id).Scan(&n); err != nil {
		return false, err
	}
	if n == 0 {
		return false, fmt.Errorf("article %d: %w", id, annotate.ErrNotFound)
	}
	return true, nil
}

func findStatus(ctx context.Context, tx *sql.Tx, articleID int64, annotator string) (annotate.Status, error) {
	var st string
	err := tx.QueryRowContext(ctx, `SELECT status FROM article_status WHERE article_id = ? AND annotator = ?`, articleID, annotator).Scan(&st)
	if errors.Is(err, sql.ErrNoRows) {
		return annotate.StatusTodo, nil
	}
	return annotate.Status(st), err
}

// SetStatus sets the annotator's status of an article: ErrInvalid for an
// unknown status, ErrNotFound if the article is absent.
func (db *DB) SetStatus(ctx context.Context, articleID int64, annotator string, st annotate.Status) error {
	if _, err := annotate.ParseStatus(string(st)); err != nil {
		return err
	}
	return db.update(ctx, func(tx *sql.Tx) error {
		if _, err := articleExists(ctx, tx, articleID); err != nil {
			return err
		}
		return setStatus(ctx, tx, articleID, annotator, st, ms(db.now()))
	})
}

func setStatus(ctx context.Context, tx *sql.Tx, articleID int64, annotator string, st annotate.Status, now int64) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO article_status (article_id, annotator, status, updated) VALUES (?, ?, ?, ?)
		ON CONFLICT (article_id, annotator) DO UPDATE SET status = excluded.status, updated = excluded.updated
		WHERE status IS NOT excluded.status`, articleID, annotator, string(st), now)
	return err
}

// Progress counts the annotator's articles by status; every status is a
// key of ByStatus.
func (db *DB) Progress(ctx context.Context, annotator string) (*annotate.Progress, error) {
	p := &annotate.Progress{ByStatus: map[annotate.Status]int{}}
	err := db.view(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM articles`).Scan(&p.Total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT status, count(*) FROM article_status WHERE annotator = ? GROUP BY status`, annotator)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var st string
			var n int
			if err := rows.Scan(&st, &n); err != nil {
				return err
			}
			p.ByStatus[annotate.Status(st)] = n
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	rowcodec.FillProgress(p)
	return p, nil
}
