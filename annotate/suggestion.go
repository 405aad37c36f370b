package annotate

import (
	"cmp"
	"context"
	"slices"
	"strings"
)

// Suggestion sources that are not a pattern set or a command.
const (
	// SourceCorpus proposes every string an annotator labelled wherever
	// it occurs again (label propagation).
	SourceCorpus = "corpus"
	// SourceImported is a span imported without an annotator: each
	// annotator sees it as a suggestion until they accept or reject it.
	SourceImported = "imported"
	// SourcePatternsPrefix starts the source of a pattern set's
	// suggestions: "patterns:NAME".
	SourcePatternsPrefix = "patterns:"
	// SourceCmdPrefix starts the source of a model command's
	// suggestions: "cmd:NAME".
	SourceCmdPrefix = "cmd:"
)

// Suggestion is a span that a source proposes for an article: an
// annotator accepts it (it becomes their span) or rejects it. It is never
// exported as a label.
type Suggestion struct {
	ArticleID int64
	Source    string // SourceCorpus, SourceImported, "patterns:NAME", "cmd:NAME"
	Start     int    // code point offset, inclusive
	End       int    // code point offset, exclusive
	Label     string
	Canonical string
}

// Key is what a decision is stored under: the same span proposed again,
// by any source, meets the same decision.
func (s Suggestion) Key() SuggestionKey {
	return SuggestionKey{ArticleID: s.ArticleID, Start: s.Start, End: s.End, Label: s.Label}
}

// Span returns the span that accepting s gives annotator.
func (s Suggestion) Span(annotator string) Span {
	return Span{ArticleID: s.ArticleID, Start: s.Start, End: s.End, Label: s.Label, Canonical: s.Canonical, Annotator: annotator}
}

// Validate checks s against the article's text (through ix) and the
// schema, as Span.Validate checks a span.
func (s Suggestion) Validate(ix *Index, schema *Schema) error {
	sp := s.Span("")
	return sp.Validate(ix, schema)
}

// SuggestionKey names a proposed span: article, offsets and label.
type SuggestionKey struct {
	ArticleID  int64
	Start, End int
	Label      string
}

// Decision is an annotator's answer to a suggestion.
type Decision string

// The decisions.
const (
	Accepted Decision = "accepted"
	Rejected Decision = "rejected"
)

// PatternSet is a pattern file kept in the database, by name.
type PatternSet struct {
	Name     string // the file's base name
	Body     string // the file as read: one JSON pattern a line
	Patterns int    // how many patterns (phrase and token) it holds
	// Compiled is the set compiled for matching (suggest.Compile), kept
	// beside Body so that a run need not parse and build it again; nil
	// when none was stored. The store keeps it as given.
	Compiled []byte
}

// SourceStats counts the decisions on one source's suggestions of one label.
type SourceStats struct {
	Source, Label      string
	Pending            int // stored suggestions of no decision by anyone
	Accepted, Rejected int
}

// Precision is Accepted / (Accepted + Rejected), or -1 when nothing was decided.
func (s SourceStats) Precision() float64 {
	if s.Accepted+s.Rejected == 0 {
		return -1
	}
	return float64(s.Accepted) / float64(s.Accepted+s.Rejected)
}

// SuggestionTx receives one run of one or more sources over many articles. Nothing
// it receives is visible until Commit; Rollback (or an error) leaves the
// store exactly as it was.
type SuggestionTx interface {
	// Put replaces the run's sources' suggestions of article a (as read
	// from this store: its ID and Text) with sugs (none: the article has
	// none any more); each is of one of the run's sources. Each is checked against the text and the schema:
	// ErrInvalid for one that does not fit, ErrNotFound for an absent
	// article. When the run accepts as an annotator, each suggestion
	// becomes that annotator's span instead (one they have already is
	// kept), recorded as no one's decision.
	Put(ctx context.Context, a *Article, sugs []Suggestion) error
	Commit() error
	Rollback() error
}

// SuggestionStore is a Store that keeps suggestions, pattern sets and
// annotators' decisions. It is optional: a window on a store without it
// shows no suggestions.
type SuggestionStore interface {
	// PatternSets returns the stored pattern sets by name.
	PatternSets(ctx context.Context) ([]PatternSet, error)
	// CompiledPatternSets returns the stored pattern sets by name with
	// their Name and Compiled alone (no Body, Patterns 0): what a run
	// needs, without reading the files.
	CompiledPatternSets(ctx context.Context) ([]PatternSet, error)
	// SetPatternSet stores a pattern set, replacing one of the same name.
	SetPatternSet(ctx context.Context, ps PatternSet) error
	// EachArticle calls fn with each article (text, no spans) in article
	// order; with statuses, only those whose status for annotator is one
	// of them (an untouched article is todo), from one consistent read.
	EachArticle(ctx context.Context, statuses []Status, annotator string, fn func(*Article) error) error
	// BeginSuggestions starts an all-or-nothing run of sources. With
	// acceptAs not empty, every suggestion put becomes acceptAs's span.
	// The run holds the database's write lock until Commit or Rollback.
	BeginSuggestions(ctx context.Context, sources []string, acceptAs string) (SuggestionTx, error)
	// Suggestions returns what waits for annotator in an article, sorted by
	// (start, end, label, source): the stored suggestions and the spans
	// imported without an annotator (source SourceImported), less those
	// annotator has decided on and those that overlap one of annotator's
	// spans of the same label. ErrNotFound if the article is absent.
	Suggestions(ctx context.Context, articleID int64, annotator string) ([]Suggestion, error)
	// Decide stores annotator's decision on suggestions, all or nothing;
	// deciding again replaces the earlier decision. With Accepted, each
	// also becomes annotator's span (one they have already is kept), in
	// the same transaction, and the stored spans are returned.
	Decide(ctx context.Context, annotator string, d Decision, sugs []Suggestion) ([]Span, error)
	// LabelledStrings calls fn with each distinct (text, label, canonical)
	// of the stored spans, every annotator's, and how many spans have it.
	LabelledStrings(ctx context.Context, fn func(text, label, canonical string, n int) error) error
	// Decisions returns annotator's decisions in an article.
	Decisions(ctx context.Context, articleID int64, annotator string) (map[SuggestionKey]Decision, error)
	// Undecide forgets annotator's decisions on keys (undo); it does not
	// remove the spans an acceptance stored.
	Undecide(ctx context.Context, annotator string, keys []SuggestionKey) error
	// SuggestionStats counts decisions per source and label, by source.
	SuggestionStats(ctx context.Context) ([]SourceStats, error)
}

// StoredDecision is one annotator's decision as a store keeps it.
type StoredDecision struct {
	SuggestionKey
	Annotator string
	Decision  Decision
}

// SuggestionCopier is a SuggestionStore whose stored suggestions and
// decisions can be read whole and written back as they are: what a copy
// of a database carries besides its records.
type SuggestionCopier interface {
	// StoredSuggestions calls fn with each article's stored suggestions
	// (every source's, not the imported spans), in article order, from
	// one consistent read.
	StoredSuggestions(ctx context.Context, fn func(articleID int64, sugs []Suggestion) error) error
	// StoredDecisions calls fn with every annotator's decisions (as far
	// as the caller may read them), in article order.
	StoredDecisions(ctx context.Context, fn func(StoredDecision) error) error
	// PutDecisions stores decisions as they are, all or nothing, replacing
	// the same annotator's on the same key; unlike Decide it makes no
	// spans. ErrInvalid for a decision neither accepted nor rejected,
	// ErrNotFound for an absent article.
	PutDecisions(ctx context.Context, ds []StoredDecision) error
}

// PendingSuggestions returns sugs less those that overlap one of own (an
// annotator's spans) of the same label, sorted by (start, end, label,
// source). It reuses sugs' memory. It takes O((s + n) log n) for s
// suggestions and n spans.
func PendingSuggestions(sugs []Suggestion, own []Span) []Suggestion {
	type bounds struct{ start, end int }
	type ivs struct {
		spans  []bounds // sorted by start
		maxEnd []int    // maxEnd[i]: the largest end of the first i+1
	}
	// Only the spans of the suggestions' labels count: most of an
	// article's spans are of others.
	byLabel := map[string]*ivs{}
	for _, s := range sugs {
		if byLabel[s.Label] == nil {
			byLabel[s.Label] = &ivs{}
		}
	}
	for _, sp := range own {
		if iv := byLabel[sp.Label]; iv != nil {
			iv.spans = append(iv.spans, bounds{sp.Start, sp.End})
		}
	}
	for _, iv := range byLabel {
		slices.SortFunc(iv.spans, func(a, b bounds) int { return cmp.Compare(a.start, b.start) })
		iv.maxEnd = make([]int, len(iv.spans))
		m := 0
		for i, sp := range iv.spans {
			m = max(m, sp.end)
			iv.maxEnd[i] = m
		}
	}
	out := sugs[:0]
	for _, s := range sugs {
		if iv := byLabel[s.Label]; iv != nil {
			// The spans that start before s ends; one of them overlaps s
			// if the largest end among them is past s's start.
			k, _ := slices.BinarySearchFunc(iv.spans, s.End, func(b bounds, end int) int { return cmp.Compare(b.start, end) })
			if k > 0 && iv.maxEnd[k-1] > s.Start {
				continue
			}
		}
		out = append(out, s)
	}
	slices.SortFunc(out, CompareSuggestions)
	return out
}

// CompareSuggestions orders suggestions by (start, end, label, source).
func CompareSuggestions(a, b Suggestion) int {
	return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End),
		strings.Compare(a.Label, b.Label), strings.Compare(a.Source, b.Source))
}
