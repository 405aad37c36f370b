package suggest

import (
	"slices"
	"sync"

	"github.com/tagdesk/tagdesk/annotate"
)

// Phrase is a string to propose wherever it occurs, with its label and
// canonical value.
type Phrase struct {
	Text, Label, Canonical string
}

type entry struct {
	source, label, canonical string
	written                  []string // an acronym's words as written: it matches only so
	next                     int32    // the node's next entry + 1, or 0
}

// Builder collects phrases and token patterns of several sources into
// one Matcher. The zero value is ready to use.
type Builder struct {
	trie    trie
	entries []entry // the phrases that end at a node, a list from trie.nodes[node].entry
	tokens  []tokenPattern
	phrases int
}

// AddPhrase adds a phrase of source; one without words or label is
// ignored.
func (b *Builder) AddPhrase(source string, p Phrase) {
	key, written := phraseKey(p.Text)
	b.add(source, p.Label, p.Canonical, key, written)
}

// AddPatterns adds a pattern file's patterns as source.
func (b *Builder) AddPatterns(source string, ps []Pattern) {
	b.entries = slices.Grow(b.entries, len(ps))
	b.trie.reserve(2 * len(ps)) // a phrase pattern is two or three words, most sharing none
	for _, p := range ps {
		if p.Tokens != nil {
			b.tokens = append(b.tokens, newTokenPattern(source, p))
			continue
		}
		key, written := p.key, p.written
		if key == "" { // a Pattern made by hand
			key, written = phraseKey(p.Phrase)
		}
		b.add(source, p.Label, p.ID, key, written)
	}
}

// add adds a phrase by its key (phraseKey); written holds an acronym's
// words as written (nil for any other phrase).
func (b *Builder) add(source, label, canonical, key string, written []string) {
	if key == "" || label == "" {
		return
	}
	b.addAt(b.trie.insert(key), source, label, canonical, written)
}

// addAt adds a phrase that ends at trie node n.
func (b *Builder) addAt(n int32, source, label, canonical string, written []string) {
	node := &b.trie.nodes[n]
	last := int32(0) // the node's last entry + 1
	for k := node.entry; k != 0; k = b.entries[k-1].next {
		o := &b.entries[k-1]
		if o.source == source && o.label == label && slices.Equal(o.written, written) {
			return // the first one's canonical value stands
		}
		last = k
	}
	b.entries = append(b.entries, entry{source: source, label: label, canonical: canonical, written: written})
	if last == 0 {
		node.entry = int32(len(b.entries))
		b.phrases++
	} else {
		b.entries[last-1].next = int32(len(b.entries))
	}
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
	entries  []entry
	tokens   []tokenPattern
	byFirst  map[string][]int // token patterns by their first word, folded
	anyFirst []int            // token patterns that may start anywhere
	scratch  sync.Pool
}

type scratch struct {
	t       Text
	covered []int
	out     []annotate.Suggestion
}

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
		if !m.trie.mayStart(ws[i].hash) {
			continue
		}
		node := m.trie.child(0, ws[i].hash, t.word(i))
		for j := i; node != 0; {
			for k := m.trie.nodes[node].entry; k != 0; {
				e := &m.entries[k-1]
				k = e.next
				if e.written != nil && !writtenAs(t, i, e.written) {
					continue
				}
				s.out = append(s.out, annotate.Suggestion{Source: e.source, Start: int(ws[i].start), End: int(ws[j].end), Label: e.label, Canonical: e.canonical})
			}
			if j++; j == len(ws) {
				break
			}
			node = m.trie.child(node, ws[j].hash, t.word(j))
		}
	}
}

// writtenAs reports whether t's words from i are written as written.
func writtenAs(t *Text, i int, written []string) bool {
	for k, w := range written {
		if t.written(i+k) != w {
			return false
		}
	}
	return true
}
