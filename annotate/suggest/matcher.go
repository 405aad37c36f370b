package suggest

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/coregx/ahocorasick"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/format"
)

// Phrase is a string to propose wherever it occurs, with its label and
// canonical value.
type Phrase struct {
	Text, Label, Canonical string
}

type entry struct {
	source, label, canonical string
	phrase                   string // as written, for an acronym
	exact                    bool   // an acronym: matches only as written
}

// Builder collects phrases and token patterns of several sources into
// one Matcher. The zero value is ready to use.
type Builder struct {
	index   map[string]int // normalized phrase → its automaton pattern
	keys    [][]byte
	entries [][]entry
	tokens  []tokenPattern
}

// AddPhrase adds a phrase of source; an empty one is ignored.
func (b *Builder) AddPhrase(source string, p Phrase) {
	key := normalize(p.Text)
	if key == "" || p.Label == "" {
		return
	}
	if b.index == nil {
		b.index = map[string]int{}
	}
	i, ok := b.index[key]
	if !ok {
		i = len(b.keys)
		b.index[key] = i
		b.keys = append(b.keys, []byte(key))
		b.entries = append(b.entries, nil)
	}
	e := entry{source: source, label: p.Label, canonical: p.Canonical, exact: isAcronym(p.Text)}
	if e.exact {
		e.phrase = p.Text
	}
	for _, o := range b.entries[i] {
		if o.source == e.source && o.label == e.label && o.exact == e.exact && (!e.exact || o.phrase == e.phrase) {
			return // the first one's canonical value stands
		}
	}
	b.entries[i] = append(b.entries[i], e)
}

// AddPatterns adds a pattern file's patterns as source.
func (b *Builder) AddPatterns(source string, ps []Pattern) {
	for _, p := range ps {
		if p.Tokens == nil {
			b.AddPhrase(source, Phrase{Text: p.Phrase, Label: p.Label, Canonical: p.ID})
			continue
		}
		b.tokens = append(b.tokens, newTokenPattern(source, p))
	}
}

// Len returns how many distinct phrases and token patterns b holds.
func (b *Builder) Len() int { return len(b.keys) + len(b.tokens) }

// Build returns the matcher of what b holds. b must not be used after.
func (b *Builder) Build() (*Matcher, error) {
	m := &Matcher{entries: b.entries, tokens: b.tokens, byFirst: map[string][]int{}}
	if len(b.keys) > 0 {
		ac, err := ahocorasick.NewBuilder().AddPatterns(b.keys).Build()
		if err != nil {
			return nil, fmt.Errorf("build phrase matcher: %w", err)
		}
		m.ac = ac
	}
	for i, t := range m.tokens {
		if t.first == "" {
			m.anyFirst = append(m.anyFirst, i)
		} else {
			m.byFirst[t.first] = append(m.byFirst[t.first], i)
		}
	}
	return m, nil
}

// Matcher finds suggestions in a text. It is safe for concurrent use.
type Matcher struct {
	ac       *ahocorasick.Automaton
	entries  [][]entry
	tokens   []tokenPattern
	byFirst  map[string][]int // token patterns by their first token, folded
	anyFirst []int            // token patterns that may start anywhere
	scratch  sync.Pool
}

type scratch struct {
	f           folded
	toks        []format.Token
	start, end  []bool
	lower       []byte
	out         []annotate.Suggestion
	tokenStates []uint64
}

// Match returns the suggestions in text, sorted by (start, end, label,
// source), one per (start, end, label, source). Their ArticleID is 0.
func (m *Matcher) Match(text string) []annotate.Suggestion {
	s, _ := m.scratch.Get().(*scratch)
	if s == nil {
		s = &scratch{}
	}
	defer m.scratch.Put(s)
	s.out = s.out[:0]
	tokenized := false
	tokenize := func() {
		if tokenized {
			return
		}
		tokenized = true
		s.toks = format.AppendTokens(s.toks[:0], text)
	}
	if m.ac != nil {
		s.f.fold(text)
		matches := m.ac.FindAllOverlapping(s.f.b)
		if len(matches) > 0 {
			tokenize()
			n := int(s.f.cp[len(s.f.cp)-1])
			s.start = resetBools(s.start, n+1)
			s.end = resetBools(s.end, n+1)
			for _, t := range s.toks {
				s.start[t.Start], s.end[t.End] = true, true
			}
		}
		for _, mt := range matches {
			start, end := int(s.f.cp[mt.Start]), int(s.f.cp[mt.End])
			if !s.start[start] && !innerBoundary(text, s.toks, start) || !s.end[end] && !innerBoundary(text, s.toks, end) {
				continue
			}
			for _, e := range m.entries[mt.PatternID] {
				if e.exact && !sameWritten(text[s.f.ob[mt.Start]:s.f.ob[mt.End]], e.phrase) {
					continue
				}
				s.out = append(s.out, annotate.Suggestion{Source: e.source, Start: start, End: end, Label: e.label, Canonical: e.canonical})
			}
		}
	}
	if len(m.tokens) > 0 {
		tokenize()
		s.out = m.matchTokens(s, s.out)
	}
	if len(s.out) == 0 {
		return nil
	}
	out := slices.Clone(s.out)
	slices.SortStableFunc(out, compareSuggestions)
	return slices.CompactFunc(out, func(a, b annotate.Suggestion) bool { return compareSuggestions(a, b) == 0 })
}

func compareSuggestions(a, b annotate.Suggestion) int {
	return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End),
		strings.Compare(a.Label, b.Label), strings.Compare(a.Source, b.Source))
}

func resetBools(b []bool, n int) []bool {
	if cap(b) < n {
		return make([]bool, n)
	}
	b = b[:n]
	clear(b)
	return b
}

// foldString appends s case-folded (foldRune) to dst.
func foldString(dst []byte, s string) []byte {
	for _, r := range s {
		if unicode.IsSpace(r) {
			dst = append(dst, ' ')
			continue
		}
		dst = utf8.AppendRune(dst, foldRune(r))
	}
	return dst
}
