package suggest

import (
	"slices"
	"sync"

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
	written                  []string // an acronym's words as written: it matches only so
}

// Builder collects phrases and token patterns of several sources into
// one Matcher. The zero value is ready to use.
type Builder struct {
	trie    trie
	entries [][]entry // by trie node, for the nodes that end a phrase
	tokens  []tokenPattern
	phrases int
}

// AddPhrase adds a phrase of source; one without words or label is
// ignored.
func (b *Builder) AddPhrase(source string, p Phrase) {
	folded, written := phraseKey(p.Text)
	b.add(source, p.Label, p.Canonical, folded, written)
}

// AddPatterns adds a pattern file's patterns as source.
func (b *Builder) AddPatterns(source string, ps []Pattern) {
	for _, p := range ps {
		if p.Tokens != nil {
			b.tokens = append(b.tokens, newTokenPattern(source, p))
			continue
		}
		folded, written := p.folded, p.written
		if folded == nil { // a Pattern made by hand
			folded, written = phraseKey(p.Phrase)
		}
		b.add(source, p.Label, p.ID, folded, written)
	}
}

// add adds a phrase by its folded words; written holds an acronym's
// words as written (nil for any other phrase).
func (b *Builder) add(source, label, canonical string, folded, written []string) {
	if len(folded) == 0 || label == "" {
		return
	}
	node := b.trie.insert(folded)
	for len(b.entries) <= int(node) {
		b.entries = append(b.entries, nil)
	}
	e := entry{source: source, label: label, canonical: canonical, written: written}
	for _, o := range b.entries[node] {
		if o.source == e.source && o.label == e.label && slices.Equal(o.written, e.written) {
			return // the first one's canonical value stands
		}
	}
	if b.entries[node] == nil {
		b.phrases++
	}
	b.entries[node] = append(b.entries[node], e)
}

// phraseKey returns a phrase's words folded and, for an acronym, as
// written; nil when it has no words.
func phraseKey(phrase string) (folded, written []string) {
	ws := phraseWords(phrase)
	if len(ws) == 0 {
		return nil, nil
	}
	folded = make([]string, len(ws))
	var buf []byte
	for i, w := range ws {
		buf = foldString(buf[:0], w.Text)
		folded[i] = string(buf)
	}
	if isAcronym(phrase) {
		written = make([]string, len(ws))
		for i, w := range ws {
			written[i] = w.Text
		}
	}
	return folded, written
}

// Len returns how many distinct phrases and token patterns b holds.
func (b *Builder) Len() int { return b.phrases + len(b.tokens) }

// Build returns the matcher of what b holds. b must not be used after.
func (b *Builder) Build() (*Matcher, error) {
	m := &Matcher{trie: b.trie, entries: b.entries, tokens: b.tokens, byFirst: map[string][]int{}}
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
	trie     trie
	entries  [][]entry
	tokens   []tokenPattern
	byFirst  map[string][]int // token patterns by their first word, folded
	anyFirst []int            // token patterns that may start anywhere
	scratch  sync.Pool
}

type scratch struct {
	t       Text
	ids     []int32 // each word's id in the trie's vocabulary
	covered []int
	out     []annotate.Suggestion
}

// Text is a text split into words (see words) and folded, ready to be
// matched by any number of matchers (MatchText).
type Text struct {
	toks, words []format.Token
	lower       []byte  // the words folded, one after another
	ends        []int32 // ends[i]: the end of word i in lower
}

// NewText returns text ready for MatchText.
func NewText(text string) *Text {
	t := &Text{}
	t.reset(text)
	return t
}

func (t *Text) reset(text string) {
	t.toks = format.AppendWords(t.toks[:0], text)
	t.words = words(t.words[:0], t.toks)
	t.lower, t.ends = t.lower[:0], append(t.ends[:0], 0)
	for i := range t.words {
		t.lower = foldString(t.lower, t.words[i].Text)
		t.ends = append(t.ends, int32(len(t.lower)))
	}
}

// word returns word i folded.
func (t *Text) word(i int) []byte { return t.lower[t.ends[i]:t.ends[i+1]] }

// Match returns the suggestions in text, sorted by (start, end, label,
// source), one per (start, end, label, source). Their ArticleID is 0.
func (m *Matcher) Match(text string) []annotate.Suggestion {
	s := m.getScratch()
	defer m.scratch.Put(s)
	s.t.reset(text)
	return m.match(&s.t, s)
}

// MatchText is Match on a text split once for several matches.
func (m *Matcher) MatchText(t *Text) []annotate.Suggestion {
	s := m.getScratch()
	defer m.scratch.Put(s)
	return m.match(t, s)
}

func (m *Matcher) getScratch() *scratch {
	s, _ := m.scratch.Get().(*scratch)
	if s == nil {
		s = &scratch{}
	}
	return s
}

func (m *Matcher) match(t *Text, s *scratch) []annotate.Suggestion {
	s.out = s.out[:0]
	if len(m.entries) > 0 {
		s.ids = s.ids[:0]
		for i := range t.words {
			s.ids = append(s.ids, m.trie.vocab[string(t.word(i))])
		}
		m.matchPhrases(t, s)
	}
	if len(m.tokens) > 0 {
		m.matchTokens(t, s)
	}
	if len(s.out) == 0 {
		return nil
	}
	out := slices.Clone(s.out)
	slices.SortStableFunc(out, annotate.CompareSuggestions)
	return slices.CompactFunc(out, func(a, b annotate.Suggestion) bool { return annotate.CompareSuggestions(a, b) == 0 })
}

// matchPhrases appends to s.out every phrase that starts at a word.
func (m *Matcher) matchPhrases(t *Text, s *scratch) {
	ws := t.words
	for i := range ws {
		node := int32(0)
		for j := i; j < len(ws); j++ {
			id := s.ids[j]
			if id == 0 {
				break
			}
			next, ok := m.trie.edges[edgeKey(node, id)]
			if !ok {
				break
			}
			node = next
			if int(node) >= len(m.entries) {
				continue
			}
			for _, e := range m.entries[node] {
				if e.written != nil && !writtenAs(ws[i:j+1], e.written) {
					continue
				}
				s.out = append(s.out, annotate.Suggestion{Source: e.source, Start: ws[i].Start, End: ws[j].End, Label: e.label, Canonical: e.canonical})
			}
		}
	}
}

func writtenAs(ws []format.Token, written []string) bool {
	for k, w := range ws {
		if w.Text != written[k] {
			return false
		}
	}
	return true
}

// trie holds phrases as sequences of folded words: a vocabulary of
// words, and edges from a node and a word to the next node. Node 0 is
// the root.
type trie struct {
	vocab map[string]int32 // folded word → id, from 1
	edges map[uint64]int32 // edgeKey(node, word) → node
	nodes int32
}

func edgeKey(node, word int32) uint64 { return uint64(node)<<32 | uint64(word) }

// insert adds a phrase's folded words and returns the node where it ends.
func (t *trie) insert(words []string) int32 {
	if t.vocab == nil {
		t.vocab, t.edges = map[string]int32{}, map[uint64]int32{}
	}
	node := int32(0)
	for _, w := range words {
		id, ok := t.vocab[w]
		if !ok {
			id = int32(len(t.vocab) + 1)
			t.vocab[w] = id
		}
		next, ok := t.edges[edgeKey(node, id)]
		if !ok {
			t.nodes++
			next = t.nodes
			t.edges[edgeKey(node, id)] = next
		}
		node = next
	}
	return node
}
