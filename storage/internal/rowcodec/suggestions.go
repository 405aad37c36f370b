package rowcodec

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	jsonv2 "github.com/go-json-experiment/json"

	"github.com/tagdesk/tagdesk/annotate"
)

// What both stores share of annotate.SuggestionStore: the items column
// of a suggestions row (one row per article and source, its suggestions
// as a JSON array), the checks of a run and of its puts, what waits for
// an annotator, the count per source, and the labelled strings.

// HasSuggestionsSQL is ArticleFilter.HasSuggestions on articles a, with
// the annotator as the parameters p1 and p2 (each engine's placeholders):
// more suggestions and spans imported without an annotator than the
// annotator's decisions.
func HasSuggestionsSQL(p1, p2 string) string {
	return `coalesce((SELECT sum(n) FROM suggestions WHERE article_id = a.id), 0)
	+ (SELECT count(*) FROM spans WHERE article_id = a.id AND annotator = '' AND ` + p1 + ` <> '')
	> (SELECT count(*) FROM suggestion_decisions WHERE article_id = a.id AND annotator = ` + p2 + `)`
}

// suggestionItem is one suggestion in a suggestions row's items.
type suggestionItem struct {
	S int    `json:"s"`
	E int    `json:"e"`
	L string `json:"l"`
	C string `json:"c,omitempty"`
}

// AppendItems appends sugs as a suggestions row's items:
// [{"s":START,"e":END,"l":"LABEL","c":"CANONICAL"},…].
func AppendItems(b []byte, sugs []annotate.Suggestion) []byte {
	b = append(b, '[')
	for i, s := range sugs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"s":`...)
		b = strconv.AppendInt(b, int64(s.Start), 10)
		b = append(b, `,"e":`...)
		b = strconv.AppendInt(b, int64(s.End), 10)
		b = append(b, `,"l":`...)
		b = annotate.AppendJSONString(b, s.Label)
		if s.Canonical != "" {
			b = append(b, `,"c":`...)
			b = annotate.AppendJSONString(b, s.Canonical)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

// AppendParsedItems appends the suggestions of a suggestions row's items
// to dst; ErrDamaged if items is not such an array.
func AppendParsedItems(dst []annotate.Suggestion, articleID int64, source, items string) ([]annotate.Suggestion, error) {
	var its []suggestionItem
	if err := jsonv2.Unmarshal([]byte(items), &its); err != nil {
		return dst, fmt.Errorf("%w: suggestions of article %d, %s: %v", annotate.ErrDamaged, articleID, source, err)
	}
	for _, it := range its {
		dst = append(dst, annotate.Suggestion{ArticleID: articleID, Source: source, Start: it.S, End: it.E, Label: it.L, Canonical: it.C})
	}
	return dst, nil
}

// CheckRun checks the sources of a suggestion run (see
// annotate.SuggestionStore.BeginSuggestions): at least one, none empty,
// and "imported" only for a run that accepts.
func CheckRun(sources []string, acceptAs string) error {
	if len(sources) == 0 || slices.Contains(sources, "") || slices.Contains(sources, annotate.SourceImported) && acceptAs == "" {
		return fmt.Errorf("%w: suggestion sources %q", annotate.ErrInvalid, sources)
	}
	return nil
}

// ErrRunEnded is returned by a suggestion run used after its Commit or
// Rollback.
var ErrRunEnded = errors.New("the suggestions' transaction has ended")

// CheckPatternSet refuses a pattern set without a name.
func CheckPatternSet(ps annotate.PatternSet) error {
	if ps.Name == "" {
		return fmt.Errorf("%w: a pattern set needs a name", annotate.ErrInvalid)
	}
	return nil
}

// CheckDecision refuses a decision that is neither accepted nor rejected.
func CheckDecision(d annotate.Decision) error {
	if d != annotate.Accepted && d != annotate.Rejected {
		return fmt.Errorf("%w: decision %q", annotate.ErrInvalid, d)
	}
	return nil
}

// CheckPut checks one article's suggestions as a run of sources puts
// them (see annotate.SuggestionTx.Put): each of article a, of one of the
// run's sources, and fitting a's text and schema.
func CheckPut(a *annotate.Article, sugs []annotate.Suggestion, sources []string, schema *annotate.Schema) error {
	ix := annotate.NewIndex(a.Text)
	for i := range sugs {
		s := &sugs[i]
		if s.ArticleID != a.ID {
			return fmt.Errorf("%w: a suggestion of article %d put with article %d", annotate.ErrInvalid, s.ArticleID, a.ID)
		}
		if !slices.Contains(sources, s.Source) {
			return fmt.Errorf("%w: a suggestion of source %q in a run of %q", annotate.ErrInvalid, s.Source, sources)
		}
		if err := s.Validate(ix, schema); err != nil {
			return fmt.Errorf("article %q: %w", a.ExtID, err)
		}
	}
	return nil
}

// SourceRow is what a run stores for one article and source: its
// suggestions' count and items, or, with N 0, that the row goes.
type SourceRow struct {
	Source string
	N      int
	Items  []byte // AppendItems of the source's suggestions, sorted
}

// SourceRows returns one row for each of sources from one article's
// suggestions, appending the items to buf (which it returns for reuse).
func SourceRows(sources []string, sugs []annotate.Suggestion, buf []byte) ([]SourceRow, []byte) {
	rows := make([]SourceRow, 0, len(sources))
	buf = buf[:0]
	var picked []annotate.Suggestion
	for _, src := range sources {
		of := sugs // a run of one source: all of them, not copied
		if len(sources) > 1 {
			picked = picked[:0]
			for _, s := range sugs {
				if s.Source == src {
					picked = append(picked, s)
				}
			}
			of = picked
		}
		row := SourceRow{Source: src, N: len(of)}
		if len(of) > 0 {
			if !slices.IsSortedFunc(of, annotate.CompareSuggestions) { // a matcher's are
				if len(sources) == 1 {
					of = slices.Clone(of) // the caller's stay as they are
				}
				slices.SortFunc(of, annotate.CompareSuggestions)
			}
			start := len(buf)
			buf = AppendItems(buf, of)
			row.Items = buf[start:len(buf):len(buf)]
		}
		rows = append(rows, row)
	}
	return rows, buf
}

// Imported returns an article's spans imported without an annotator as
// suggestions of source "imported".
func Imported(spans []annotate.Span) []annotate.Suggestion {
	out := make([]annotate.Suggestion, len(spans))
	for i, sp := range spans {
		out[i] = annotate.Suggestion{ArticleID: sp.ArticleID, Source: annotate.SourceImported, Start: sp.Start, End: sp.End, Label: sp.Label, Canonical: sp.Canonical}
	}
	return out
}

// Waiting returns what of sugs waits for an annotator: less those they
// decided on and those that overlap one of own, their spans, of the same
// label; sorted (see annotate.PendingSuggestions). It reuses sugs' memory.
func Waiting(sugs []annotate.Suggestion, decided map[annotate.SuggestionKey]annotate.Decision, own []annotate.Span) []annotate.Suggestion {
	sugs = slices.DeleteFunc(sugs, func(s annotate.Suggestion) bool { return decided[s.Key()] != "" })
	return annotate.PendingSuggestions(sugs, own)
}

// AcceptedSpans returns the spans that accepting sugs gives annotator,
// once each (the same offsets and label proposed twice is one span).
func AcceptedSpans(sugs []annotate.Suggestion, annotator string) []annotate.Span {
	out := make([]annotate.Span, 0, len(sugs))
	seen := make(map[annotate.SuggestionKey]bool, len(sugs))
	for _, s := range sugs {
		if !seen[s.Key()] {
			seen[s.Key()] = true
			out = append(out, s.Span(annotator))
		}
	}
	return out
}

// Tally counts decisions per source and label (SuggestionStats): add
// every decision first, then count every suggestion, stored or imported.
// Each decision on a span counts for each source that proposed it.
type Tally struct {
	decided map[annotate.SuggestionKey][2]int // accepted, rejected
	byKey   map[[2]string]*annotate.SourceStats
}

// Decision adds one annotator's decision on a span.
func (t *Tally) Decision(k annotate.SuggestionKey, d string) {
	if t.decided == nil {
		t.decided = map[annotate.SuggestionKey][2]int{}
	}
	n := t.decided[k]
	if d == string(annotate.Accepted) {
		n[0]++
	} else {
		n[1]++
	}
	t.decided[k] = n
}

// Suggestion counts one suggestion for its source.
func (t *Tally) Suggestion(s annotate.Suggestion) {
	if t.byKey == nil {
		t.byKey = map[[2]string]*annotate.SourceStats{}
	}
	k := [2]string{s.Source, s.Label}
	st := t.byKey[k]
	if st == nil {
		st = &annotate.SourceStats{Source: s.Source, Label: s.Label}
		t.byKey[k] = st
	}
	d, ok := t.decided[s.Key()]
	st.Accepted += d[0]
	st.Rejected += d[1]
	if !ok {
		st.Pending++
	}
}

// Stats returns the counts by source and label.
func (t *Tally) Stats() []annotate.SourceStats {
	out := make([]annotate.SourceStats, 0, len(t.byKey))
	for _, st := range t.byKey {
		out = append(out, *st)
	}
	slices.SortFunc(out, func(a, b annotate.SourceStats) int {
		return cmp.Or(strings.Compare(a.Source, b.Source), strings.Compare(a.Label, b.Label))
	})
	return out
}

// Strings counts the distinct labelled strings (LabelledStrings) in the
// order they are first met: add each article's spans after its text.
type Strings struct {
	counts map[labelled]int
	order  []labelled
}

type labelled struct{ text, label, canonical string }

// Add counts the span [start, end) of the text that ix indexes; a span
// that does not fit it is skipped (check reports such a span).
func (c *Strings) Add(ix *annotate.Index, start, end int, label, canonical string) {
	if start < 0 || end > ix.Len() || start >= end {
		return
	}
	if c.counts == nil {
		c.counts = map[labelled]int{}
	}
	k := labelled{ix.Slice(start, end), label, canonical}
	if c.counts[k] == 0 {
		c.order = append(c.order, k)
	}
	c.counts[k]++
}

// Each calls fn with each labelled string and its count.
func (c *Strings) Each(fn func(text, label, canonical string, n int) error) error {
	for _, k := range c.order {
		if err := fn(k.text, k.label, k.canonical, c.counts[k]); err != nil {
			return err
		}
	}
	return nil
}

// Decisions returns annotator's decision d on sugs as stored decisions.
func Decisions(annotator string, d annotate.Decision, sugs []annotate.Suggestion) []annotate.StoredDecision {
	out := make([]annotate.StoredDecision, len(sugs))
	for i, s := range sugs {
		out[i] = annotate.StoredDecision{SuggestionKey: s.Key(), Annotator: annotator, Decision: d}
	}
	return out
}

// CheckDecisions refuses decisions that are neither accepted nor rejected.
func CheckDecisions(ds []annotate.StoredDecision) error {
	for _, d := range ds {
		if err := CheckDecision(d.Decision); err != nil {
			return err
		}
	}
	return nil
}

// ByArticle hands the suggestions rows of a read in article order to fn,
// one call per article (StoredSuggestions).
type ByArticle struct {
	Fn   func(articleID int64, sugs []annotate.Suggestion) error
	cur  int64
	sugs []annotate.Suggestion
}

// Add adds one row.
func (g *ByArticle) Add(articleID int64, source, items string) error {
	if articleID != g.cur {
		if err := g.Flush(); err != nil {
			return err
		}
		g.cur = articleID
	}
	var err error
	g.sugs, err = AppendParsedItems(g.sugs, articleID, source, items)
	return err
}

// Flush hands over the last article's suggestions.
func (g *ByArticle) Flush() error {
	if len(g.sugs) == 0 {
		return nil
	}
	sugs := g.sugs
	g.sugs = nil
	return g.Fn(g.cur, sugs)
}
