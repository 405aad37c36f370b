package app

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/tagdesk/tagdesk/annotate"
)

// memStore is a small in-memory annotate.Store for the panel and undo
// tests. It validates spans like the real one and keeps a generation.
type memStore struct {
	mu       sync.Mutex
	schema   *annotate.Schema
	articles []annotate.Article
	spans    map[int64]annotate.Span
	status   map[[2]string]annotate.Status // (article id, annotator)
	nextID   int64
	gen      int64
	fail     error                       // returned by every change when set
	onWrite  func()                      // called by every change, with mu held
	counts   int                         // CountArticles calls
	failRead error                       // returned by ListArticles when set
	assigned map[string][]int64          // each annotator's queue, in article order
	rels     map[int64]annotate.Relation // memstore_relations_test.go
	decided  map[string][]string         // (article, curator) → decision keys: memstore_review_test.go
}

func newMemStore(texts ...string) *memStore {
	m := &memStore{schema: annotate.DefaultSchema(), spans: map[int64]annotate.Span{},
		status: map[[2]string]annotate.Status{}, nextID: 100}
	for i, t := range texts {
		m.articles = append(m.articles, annotate.Article{ID: int64(i + 1), ExtID: fmt.Sprint("a", i+1),
			Title: annotate.TitleOf(t), Text: t})
	}
	return m
}

func skey(id int64, who string) [2]string { return [2]string{fmt.Sprint(id), who} }

func (m *memStore) Schema(ctx context.Context) (*annotate.Schema, error) { return m.schema, nil }
func (m *memStore) SetSchema(ctx context.Context, s *annotate.Schema) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.schemaFits(s); err != nil {
		return err
	}
	m.schema = s
	m.gen++
	return nil
}

func (m *memStore) match(a annotate.Article, f annotate.ArticleFilter) bool {
	q := strings.ToLower(strings.TrimSpace(f.Query))
	if q != "" && !strings.Contains(strings.ToLower(a.Title), q) && !strings.Contains(strings.ToLower(a.Text), q) {
		return false
	}
	if len(f.Status) > 0 && !slices.Contains(f.Status, m.statusLocked(a.ID, f.Annotator)) {
		return false
	}
	if f.Assigned && !slices.Contains(m.assigned[f.Annotator], a.ID) {
		return false
	}
	return !f.HasSpans || m.spanCount(a.ID, f.Annotator) > 0
}

func (m *memStore) spanCount(id int64, who string) int {
	n := 0
	for _, sp := range m.spans {
		if sp.ArticleID == id && sp.Annotator == who {
			n++
		}
	}
	return n
}

func (m *memStore) ListArticles(ctx context.Context, f annotate.ArticleFilter) ([]annotate.ArticleSummary, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failRead != nil {
		return nil, m.failRead
	}
	var out []annotate.ArticleSummary
	skipped := 0
	for _, a := range m.articles {
		if !m.match(a, f) {
			continue
		}
		if skipped < f.Offset {
			skipped++
			continue
		}
		if f.Limit > 0 && len(out) >= f.Limit {
			break
		}
		out = append(out, annotate.ArticleSummary{ID: a.ID, ExtID: a.ExtID, Title: a.Title,
			Status: m.statusLocked(a.ID, f.Annotator), Spans: m.spanCount(a.ID, f.Annotator)})
	}
	return out, nil
}

func (m *memStore) CountArticles(ctx context.Context, f annotate.ArticleFilter) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.counts++
	n := 0
	for _, a := range m.articles {
		if m.match(a, f) {
			n++
		}
	}
	return n, nil
}

func (m *memStore) Progress(ctx context.Context, annotator string) (*annotate.Progress, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p := &annotate.Progress{Total: len(m.articles), ByStatus: map[annotate.Status]int{}}
	for _, a := range m.articles {
		p.ByStatus[m.statusLocked(a.ID, annotator)]++
	}
	return p, nil
}

func (m *memStore) Article(ctx context.Context, id int64) (*annotate.Article, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, a := range m.articles {
		if a.ID == id {
			return &a, nil
		}
	}
	return nil, fmt.Errorf("article %d: %w", id, annotate.ErrNotFound)
}

func (m *memStore) Spans(ctx context.Context, articleID int64, annotator string) ([]annotate.Span, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.spansLocked(articleID, annotator), nil
}

func (m *memStore) spansLocked(articleID int64, annotator string) []annotate.Span {
	var out []annotate.Span
	for _, sp := range m.spans {
		if sp.ArticleID == articleID && sp.Annotator == annotator {
			sp.Attrs = maps.Clone(sp.Attrs)
			out = append(out, sp)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	annotate.SortSpans(out)
	return out
}

func (m *memStore) statusLocked(id int64, who string) annotate.Status {
	if st, ok := m.status[skey(id, who)]; ok {
		return st
	}
	return annotate.StatusTodo
}

func (m *memStore) Status(ctx context.Context, articleID int64, annotator string) (annotate.Status, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.statusLocked(articleID, annotator), nil
}

func (m *memStore) SetStatus(ctx context.Context, articleID int64, annotator string, st annotate.Status) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.changing(); err != nil {
		return err
	}
	m.status[skey(articleID, annotator)] = st
	m.gen++
	return nil
}

func (m *memStore) validate(sp *annotate.Span) error { return m.validateWith(sp, m.schema) }

func (m *memStore) validateWith(sp *annotate.Span, s *annotate.Schema) error {
	for _, a := range m.articles {
		if a.ID == sp.ArticleID {
			return sp.Validate(annotate.NewIndex(a.Text), s)
		}
	}
	return fmt.Errorf("article %d: %w", sp.ArticleID, annotate.ErrNotFound)
}

func (m *memStore) AddSpan(ctx context.Context, sp *annotate.Span) error {
	spans := []annotate.Span{*sp}
	if err := m.AddSpans(ctx, spans); err != nil {
		return err
	}
	*sp = spans[0]
	return nil
}

// AddSpans is all or nothing like the real one: every span is checked
// before any is stored.
func (m *memStore) AddSpans(ctx context.Context, spans []annotate.Span) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(spans) == 0 {
		return nil
	}
	if err := m.changing(); err != nil {
		return err
	}
	type key struct {
		art        int64
		who, label string
		start, end int
	}
	keyOf := func(sp *annotate.Span) key { return key{sp.ArticleID, sp.Annotator, sp.Label, sp.Start, sp.End} }
	have := make(map[key]bool, len(m.spans)+len(spans))
	for _, o := range m.spans {
		have[keyOf(&o)] = true
	}
	ix := map[int64]*annotate.Index{} // one per article, not one per span
	for i := range spans {
		sp := &spans[i]
		x, ok := ix[sp.ArticleID]
		if !ok {
			for _, a := range m.articles {
				if a.ID == sp.ArticleID {
					x = annotate.NewIndex(a.Text)
				}
			}
			ix[sp.ArticleID] = x
		}
		if x == nil {
			return fmt.Errorf("article %d: %w", sp.ArticleID, annotate.ErrNotFound)
		}
		if err := sp.Validate(x, m.schema); err != nil {
			return err
		}
		if have[keyOf(sp)] {
			return fmt.Errorf("%w: duplicate span", annotate.ErrConflict)
		}
		have[keyOf(sp)] = true
	}
	for i := range spans {
		sp := &spans[i]
		m.nextID++
		sp.ID = m.nextID
		sp.Created, sp.Updated = time.Now(), time.Now()
		c := *sp
		c.Attrs = maps.Clone(sp.Attrs)
		m.spans[sp.ID] = c
		if m.statusLocked(sp.ArticleID, sp.Annotator) == annotate.StatusTodo {
			m.status[skey(sp.ArticleID, sp.Annotator)] = annotate.StatusInProgress
		}
	}
	m.gen++
	return nil
}

func (m *memStore) UpdateSpan(ctx context.Context, sp *annotate.Span) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.changing(); err != nil {
		return err
	}
	old, ok := m.spans[sp.ID]
	if !ok {
		return fmt.Errorf("span %d: %w", sp.ID, annotate.ErrNotFound)
	}
	sp.ArticleID, sp.Annotator = old.ArticleID, old.Annotator
	if err := m.validate(sp); err != nil {
		return err
	}
	c := *sp
	c.Attrs = maps.Clone(sp.Attrs)
	m.spans[sp.ID] = c
	m.gen++
	return nil
}

func (m *memStore) DeleteSpan(ctx context.Context, id int64) error {
	return m.DeleteSpans(ctx, []int64{id})
}

func (m *memStore) DeleteSpans(ctx context.Context, ids []int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(ids) == 0 {
		return nil
	}
	if err := m.changing(); err != nil {
		return err
	}
	for i, id := range ids {
		if _, ok := m.spans[id]; !ok || slices.Contains(ids[:i], id) {
			return fmt.Errorf("span %d: %w", id, annotate.ErrNotFound)
		}
	}
	for _, id := range ids {
		delete(m.spans, id)
	}
	m.dropRelationsLocked(ids)
	m.gen++
	return nil
}

// changing is called by every change with m.mu held: the change fails
// with m.fail, and onWrite hears of it.
func (m *memStore) changing() error {
	if m.onWrite != nil {
		m.onWrite()
	}
	return m.fail
}

func (m *memStore) Generation(ctx context.Context) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.gen, nil
}

func (m *memStore) Close() error { return nil }

// Assigned: the window tests assign nothing.
func (m *memStore) Assigned(ctx context.Context, annotator string) ([]int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.assigned[annotator]), nil
}

// assign gives the annotator the articles ids (in article order), as
// `tagdesk assign` would.
func (m *memStore) assign(annotator string, ids ...int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.assigned == nil {
		m.assigned = map[string][]int64{}
	}
	m.assigned[annotator] = slices.Sorted(slices.Values(ids))
	m.gen++
}

// setFail makes every change fail with err (nil: succeed again).
func (m *memStore) setFail(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.fail = err
}

// setFailRead makes ListArticles fail with err (nil: succeed again).
func (m *memStore) setFailRead(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.failRead = err
}

// addArticle appends an article as another process's import would.
func (m *memStore) addArticle(text string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	id := int64(len(m.articles) + 1)
	m.articles = append(m.articles, annotate.Article{ID: id, ExtID: fmt.Sprint("a", id), Title: annotate.TitleOf(text), Text: text})
	m.gen++
}

var _ annotate.Store = (*memStore)(nil)
