package app

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"time"

	"github.com/tagdesk/tagdesk/annotate"
)

// The memStore's import, export and stats, kept to annotate.Store's
// contract by the storetest suite (memstore_contract_test.go).

// memImport collects an import's records. Put checks each one on a copy
// of the store; Commit applies them all to the store in one step, so
// nothing is visible before it and a failure leaves the store as it was.
type memImport struct {
	m       *memStore
	scratch *memStore // the store as the import would leave it
	recs    []*annotate.Record
	counts  annotate.ImportCounts
	err     error // set once the import is over
}

func (m *memStore) BeginImport(ctx context.Context) (annotate.ImportTx, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return &memImport{m: m, scratch: m.cloneLocked()}, nil
}

// cloneLocked copies what an import changes. Stored articles and spans
// are values whose maps are replaced, never changed in place.
func (m *memStore) cloneLocked() *memStore {
	return &memStore{schema: m.schema, articles: slices.Clone(m.articles), spans: maps.Clone(m.spans),
		status: maps.Clone(m.status), nextID: m.nextID, rels: maps.Clone(m.rels)}
}

func (t *memImport) Put(ctx context.Context, rec *annotate.Record) error {
	if t.err != nil {
		return t.err
	}
	err := rec.Validate(t.scratch.schema)
	var c annotate.ImportCounts
	if err == nil {
		c, err = t.scratch.put(rec)
	}
	if err != nil {
		t.err = fmt.Errorf("import rolled back: %w", err)
		return err
	}
	t.counts.Add(c)
	t.recs = append(t.recs, rec)
	return nil
}

func (t *memImport) Counts() annotate.ImportCounts { return t.counts }

func (t *memImport) Commit() error {
	if t.err != nil {
		return t.err
	}
	t.err = errors.New("import already committed")
	m := t.m
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.changing(); err != nil {
		return err
	}
	next := m.cloneLocked()
	for _, rec := range t.recs {
		if _, err := next.put(rec); err != nil {
			return err
		}
	}
	m.articles, m.spans, m.status, m.nextID, m.rels = next.articles, next.spans, next.status, next.nextID, next.rels
	m.gen++
	return nil
}

func (t *memImport) Rollback() error {
	if t.err == nil {
		t.err = errors.New("import rolled back")
	}
	return nil
}

// put merges one record as storage's import does (see annotate.ImportTx):
// the article by ExtID, spans by (start, end, label, annotator), the
// status when set; a field the record does not carry keeps its value.
func (m *memStore) put(rec *annotate.Record) (annotate.ImportCounts, error) {
	c := annotate.ImportCounts{Records: 1}
	now := time.Now()
	in := rec.Article
	i := slices.IndexFunc(m.articles, func(a annotate.Article) bool { return a.ExtID == in.ExtID })
	if i < 0 {
		in.ID = int64(len(m.articles) + 1)
		in.Meta, in.Created, in.Updated = maps.Clone(in.Meta), now, now
		m.articles = append(m.articles, in)
		i = len(m.articles) - 1
		c.NewArticles++
	} else {
		c.MergedArticles++
	}
	a := &m.articles[i]
	if a.Text != in.Text {
		return c, fmt.Errorf("%w: article %q is already stored with a different text", annotate.ErrConflict, in.ExtID)
	}
	if c.MergedArticles > 0 {
		mergeArticle(a, &in, &c, now)
	}
	ids := make([]int64, 0, len(rec.Spans)) // the stored span of each, for the relations
	for _, sp := range rec.Spans {
		sp.ArticleID, sp.Annotator, sp.Text = a.ID, rec.Annotator, ""
		sp.Attrs = maps.Clone(sp.Attrs)
		old, found := m.findSpan(sp)
		if !found {
			m.nextID++
			sp.ID, sp.Created, sp.Updated = m.nextID, now, now
			m.spans[sp.ID] = sp
			ids = append(ids, sp.ID)
			c.NewSpans++
			continue
		}
		ids = append(ids, old.ID)
		merged := old
		merged.Attrs = maps.Clone(old.Attrs)
		for k, v := range sp.Attrs {
			if merged.Attrs == nil {
				merged.Attrs = map[string]string{}
			}
			merged.Attrs[k] = v
		}
		merged.Note, merged.Canonical = cmp.Or(sp.Note, old.Note), cmp.Or(sp.Canonical, old.Canonical)
		if merged.Note != old.Note || merged.Canonical != old.Canonical || !sameAttrs(old.Attrs, merged.Attrs) {
			merged.Updated = now
			m.spans[old.ID] = merged
			c.UpdatedSpans++
		} else {
			c.KeptSpans++
		}
	}
	m.putRelations(rec, ids, &c)
	switch {
	case rec.Status == "":
	case rec.Status == annotate.StatusTodo && rec.Annotator == "":
		// The anonymous todo is what an untouched article exports as.
		delete(m.status, skey(a.ID, ""))
	default:
		m.status[skey(a.ID, rec.Annotator)] = rec.Status
	}
	return c, nil
}

// mergeArticle merges the metadata that in carries into a, counting the
// fields that change.
func mergeArticle(a, in *annotate.Article, c *annotate.ImportCounts, now time.Time) {
	var changed []string
	set := func(name string, dst *string, v string) {
		if v != "" && v != *dst {
			*dst = v
			changed = append(changed, "meta."+name)
		}
	}
	if in.Title != annotate.TitleOf(in.Text) {
		set("title", &a.Title, in.Title)
	}
	set("source", &a.Source, in.Source)
	set("url", &a.URL, in.URL)
	set("published", &a.Published, in.Published)
	meta := maps.Clone(a.Meta)
	for k, v := range in.Meta {
		if old, ok := meta[k]; !ok || string(old) != string(v) {
			if meta == nil {
				meta = map[string]json.RawMessage{}
			}
			meta[k] = v
			changed = append(changed, "meta."+k)
		}
	}
	if len(changed) == 0 {
		return
	}
	a.Meta, a.Updated = meta, now
	c.UpdatedArticles++
	c.UpdatedFields = map[string]int{}
	for _, f := range changed {
		c.UpdatedFields[f]++
	}
}

// findSpan returns the stored span with sp's article, annotator, offsets
// and label.
func (m *memStore) findSpan(sp annotate.Span) (annotate.Span, bool) {
	for _, o := range m.spans {
		if o.ArticleID == sp.ArticleID && o.Annotator == sp.Annotator && o.Start == sp.Start && o.End == sp.End && o.Label == sp.Label {
			return o, true
		}
	}
	return annotate.Span{}, false
}

func sameMeta[M ~map[string]V, V any](a, b M) bool {
	return len(a) == 0 && len(b) == 0 || reflect.DeepEqual(a, b)
}

func sameAttrs(a, b map[string]string) bool { return sameMeta(a, b) }

// Export takes its records under the lock, one consistent read, and
// hands them to fn after releasing it, so fn may change the store.
func (m *memStore) Export(ctx context.Context, f annotate.ExportFilter, fn func(*annotate.Record) error) error {
	m.mu.Lock()
	var recs []*annotate.Record
	for _, a := range m.articles {
		recs = append(recs, m.recordsLocked(a, f)...)
	}
	m.mu.Unlock()
	for _, r := range recs {
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// recordsLocked returns an article's records as storage's Export does:
// one per annotator with a status or spans there (or the filter's
// annotator), or the anonymous todo record when nobody touched it.
func (m *memStore) recordsLocked(a annotate.Article, f annotate.ExportFilter) []*annotate.Record {
	a.Created, a.Updated = time.Time{}, time.Time{}
	who := m.annotatorsLocked(a.ID)
	switch {
	case f.Annotator != "":
		who = []string{f.Annotator}
	case len(who) == 0:
		who = []string{""}
	}
	ix := annotate.NewIndex(a.Text)
	var out []*annotate.Record
	for _, name := range who {
		st := m.statusLocked(a.ID, name)
		if len(f.Status) > 0 && !slices.Contains(f.Status, st) {
			continue
		}
		rec := &annotate.Record{Article: a, Annotator: name, Status: st, Spans: []annotate.Span{}}
		var ids []int64
		for _, sp := range m.spansLocked(a.ID, name) {
			if len(f.Labels) == 0 || slices.Contains(f.Labels, sp.Label) {
				ids = append(ids, sp.ID)
				sp.ID, sp.Created, sp.Updated, sp.Text = 0, time.Time{}, time.Time{}, ix.Slice(sp.Start, sp.End)
				rec.Spans = append(rec.Spans, sp)
			}
		}
		m.exportRelations(rec, ids)
		out = append(out, rec)
	}
	return out
}

// annotatorsLocked returns, sorted, who has a status or a span on the
// article.
func (m *memStore) annotatorsLocked(id int64) []string {
	seen := map[string]bool{}
	for k := range m.status {
		if k[0] == fmt.Sprint(id) {
			seen[k[1]] = true
		}
	}
	for _, sp := range m.spans {
		if sp.ArticleID == id {
			seen[sp.Annotator] = true
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

func (m *memStore) Stats(ctx context.Context) (*annotate.Stats, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := &annotate.Stats{Articles: len(m.articles), Spans: len(m.spans),
		ArticlesByStatus: map[annotate.Status]int{}, SpansByLabel: map[string]int{}}
	for _, sp := range m.spans {
		s.SpansByLabel[sp.Label]++
	}
	all := map[string]bool{}
	for _, a := range m.articles {
		who := m.annotatorsLocked(a.ID)
		if len(who) == 0 {
			s.ArticlesByStatus[annotate.StatusTodo]++
		}
		for _, name := range who {
			s.ArticlesByStatus[m.statusLocked(a.ID, name)]++
			all[name] = true
		}
	}
	s.Annotators = slices.Sorted(maps.Keys(all))
	m.relationStats(s)
	return s, nil
}

// schemaFits returns ErrInvalid if s is not a valid schema and
// ErrConflict if a stored span does not fit it (a label it lacks, an
// attribute or value it does not allow), as storage's SetSchema does.
func (m *memStore) schemaFits(s *annotate.Schema) error {
	if err := s.Validate(); err != nil {
		return err
	}
	for _, sp := range m.spans {
		sp.Text = "" // checked when the span was stored
		if err := m.validateWith(&sp, s); errors.Is(err, annotate.ErrInvalid) {
			return fmt.Errorf("%w: stored spans do not fit the new schema: %v", annotate.ErrConflict, err)
		} else if err != nil {
			return err
		}
	}
	return m.relationsFit(s)
}
