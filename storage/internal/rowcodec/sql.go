package rowcodec

import (
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
)

// SQL both engines run as it is.
const (
	// StatusCountsSQL counts (article, annotator) pairs by status, an
	// annotator being paired with an article when it has a status or a
	// span there; an article nobody touched counts once as todo. Rows:
	// (status, count), a status possibly twice.
	StatusCountsSQL = `
		WITH pairs AS (
			SELECT article_id, annotator FROM article_status
			UNION
			SELECT article_id, annotator FROM spans
		)
		SELECT coalesce(st.status, 'todo'), count(*)
		FROM pairs p LEFT JOIN article_status st ON st.article_id = p.article_id AND st.annotator = p.annotator
		GROUP BY 1
		UNION ALL
		SELECT 'todo', count(*) FROM articles a
		WHERE NOT EXISTS (SELECT 1 FROM article_status st WHERE st.article_id = a.id)
		  AND NOT EXISTS (SELECT 1 FROM spans s WHERE s.article_id = a.id)`
	// AnnotatorsSQL lists every annotator with a status or a span, sorted.
	// Rows: (annotator, 0).
	AnnotatorsSQL = `
		SELECT annotator, 0 FROM article_status
		UNION
		SELECT annotator, 0 FROM spans
		ORDER BY 1`
	// QueuesSQL counts each annotator's assigned articles and, of those,
	// the open ones (todo or in progress). Rows: (annotator, assigned,
	// open), by annotator.
	QueuesSQL = `
		SELECT a.annotator, count(*), count(*) FILTER (WHERE coalesce(st.status, 'todo') IN ('todo', 'in_progress'))
		FROM assignments a LEFT JOIN article_status st ON st.article_id = a.article_id AND st.annotator = a.annotator
		GROUP BY a.annotator ORDER BY a.annotator`
	// LabelCountsSQL counts spans by label. Rows: (label, count).
	LabelCountsSQL = `SELECT label, count(*) FROM spans GROUP BY label`
	// TotalsSQL counts articles and spans.
	TotalsSQL = `SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM spans)`
)

// FillProgress completes a Progress whose Total and set statuses are
// counted: every status becomes a key, todo what no status row covers.
func FillProgress(p *annotate.Progress) {
	set := 0
	for _, st := range annotate.Statuses[1:] {
		set += p.ByStatus[st]
		p.ByStatus[st] += 0
	}
	p.ByStatus[annotate.StatusTodo] = p.Total - set
}

// Migration is one embedded schema migration.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the migrations in fsys's folder migration, in
// version order. A file is named NNNN_what.sql; versions start at 1 and
// have no gaps (else it panics: the build is broken).
func Migrations(fsys fs.FS) []Migration {
	names, err := fs.Glob(fsys, "migration/*.sql")
	if err != nil {
		panic(err)
	}
	sort.Strings(names)
	var ms []Migration
	for i, name := range names {
		base := strings.TrimPrefix(name, "migration/")
		num, _, _ := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if err != nil || v != i+1 {
			panic("storage: migration " + base + " is out of sequence")
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			panic(err)
		}
		ms = append(ms, Migration{Version: v, Name: strings.TrimSuffix(base, ".sql"), SQL: string(body)})
	}
	return ms
}
