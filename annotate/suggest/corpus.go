package suggest

import (
	"cmp"
	"slices"
	"unicode/utf8"
)

// Corpus collects the strings annotators labelled, for label
// propagation: each becomes a phrase with its label, proposed wherever it
// occurs again, and so does each canonical value. A string of one code
// point is not proposed (a stray letter or ideograph would be proposed
// everywhere). When the same string (under the matching rules) has
// several canonical values for one label, the most frequent one is
// proposed (ties: the smallest).
type Corpus struct {
	phrases map[corpusKey]*corpusPhrase
}

type corpusKey struct{ norm, written, label string }

type corpusPhrase struct {
	text, label string
	canonicals  map[string]int
	order       int
}

// Add records that a span of label covers text, with canonical value
// canonical (may be empty).
func (c *Corpus) Add(text, label, canonical string) { c.AddN(text, label, canonical, 1) }

// AddN is Add for n spans alike.
func (c *Corpus) AddN(text, label, canonical string, n int) {
	c.add(text, label, canonical, n)
	if canonical != "" && canonical != text {
		c.add(canonical, label, canonical, n)
	}
}

func (c *Corpus) add(text, label, canonical string, n int) {
	if utf8.RuneCountInString(text) < 2 || label == "" {
		return
	}
	k := corpusKey{label: label}
	k.norm, _ = phraseKey(text)
	if k.norm == "" {
		return
	}
	if isAcronym(text) {
		k.written = text
	}
	if c.phrases == nil {
		c.phrases = map[corpusKey]*corpusPhrase{}
	}
	p := c.phrases[k]
	if p == nil {
		p = &corpusPhrase{text: text, label: label, canonicals: map[string]int{}, order: len(c.phrases)}
		c.phrases[k] = p
	}
	if canonical != "" {
		p.canonicals[canonical] += n
	}
}

// Len returns how many phrases c proposes.
func (c *Corpus) Len() int { return len(c.phrases) }

// Phrases returns the phrases to propose, in the order first added.
func (c *Corpus) Phrases() []Phrase {
	ps := make([]*corpusPhrase, 0, len(c.phrases))
	for _, p := range c.phrases {
		ps = append(ps, p)
	}
	slices.SortFunc(ps, func(a, b *corpusPhrase) int { return cmp.Compare(a.order, b.order) })
	out := make([]Phrase, len(ps))
	for i, p := range ps {
		best, n := "", 0
		for can, k := range p.canonicals {
			if k > n || k == n && can < best {
				best, n = can, k
			}
		}
		out[i] = Phrase{Text: p.text, Label: p.label, Canonical: best}
	}
	return out
}
