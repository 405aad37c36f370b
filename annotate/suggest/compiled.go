package suggest

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"sync"
	"unicode"

	"github.com/go-json-experiment/json"
)

// A pattern set is kept compiled beside its file (PatternSet.Compiled):
// its trie of folded words and its entries, so that a run loads it in a
// few milliseconds instead of parsing and building it again (100,000
// phrase patterns take 0.4–0.5 s). The compiled form is a cache: it
// carries a fingerprint of the code that splits, folds and hashes words,
// and a form made by another build, or damaged, is refused and the set
// compiled again from its file.
//
// Layout (numbers are uvarints, strings a uvarint length then bytes):
//
//	"tdpm" fingerprint(8 bytes, little-endian)
//	nodes words(string)
//	for each node after the root: parent, length of its word in words
//	labels, then each label (string)
//	entries, then each: node less one, label, canonical (string), written words, each (string)
//	token patterns, then each: label, canonical (string), tokens (JSON string)
const compiledMagic = "tdpm"

// compiledVersion changes whenever the layout above, or the way phrases
// become keys, changes in a way the fingerprint's probes would not show.
const compiledVersion = 1

// fingerprintProbes are phrases whose keys, as-written words and word
// hashes the fingerprint covers: ASCII, Latin with and without combining
// marks, Greek, Cyrillic, Arabic, CJK, acronyms, possessives, hyphens,
// ligatures, title-case digraphs, emoji with a modifier.
var fingerprintProbes = []string{
	"European Union", "EU", "U.N.", "United Kingdom's", "O’Brien", "co-operation", "3.5% rate",
	"Straße STRASSE", "José", "Jose\u0301", "ǅemal ǄEMAL", "ﬁnance", "İstanbul ıI",
	"ΣΊΣΥΦΟΣ σίσυφος", "Москва ГУМ", "مجلس الأمن", "新疆 维吾尔 自治区", "東京都", "서울",
	"naïve 👍🏽 x", "  ( EU )  ", "I.S.I.S.", "a_b 12ab",
}

// fingerprint identifies the code a compiled form was made with.
var fingerprint = sync.OnceValue(func() uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d %s\x00", compiledVersion, unicode.Version)
	for _, p := range fingerprintProbes {
		key, written := phraseKey(p)
		h.Write([]byte(key))
		for rest := key; rest != ""; {
			var w string
			w, rest = nextWord(rest)
			h.Write(binary.LittleEndian.AppendUint64(nil, hashWord([]byte(w))))
		}
		for _, w := range written {
			h.Write([]byte(w))
			h.Write([]byte{0})
		}
		h.Write([]byte{1})
	}
	return h.Sum64()
})

// ErrStaleCompiled is AddCompiled's error for a compiled form made by
// another build of tagdesk, or by none (empty).
var ErrStaleCompiled = errors.New("compiled by another version")

// Compile returns the compiled form of a pattern file's patterns, for
// PatternSet.Compiled; Builder.AddCompiled loads it as AddPatterns would
// add ps.
func Compile(ps []Pattern) ([]byte, error) {
	var b Builder
	b.AddPatterns("", ps)
	return b.compile()
}

// compile encodes what b holds (of one source).
func (b *Builder) compile() ([]byte, error) {
	t := &b.trie
	if t.nodes == nil {
		t.insert("")
	}
	parent := make([]int32, len(t.nodes))
	for _, e := range t.slots {
		if e.child != 0 {
			parent[e.child] = e.parent
		}
	}
	out := binary.LittleEndian.AppendUint64([]byte(compiledMagic), fingerprint())
	out = binary.AppendUvarint(out, uint64(len(t.nodes)))
	out = appendString(out, string(t.words))
	for i := 1; i < len(t.nodes); i++ {
		n := t.nodes[i]
		out = binary.AppendUvarint(out, uint64(parent[i]))
		out = binary.AppendUvarint(out, uint64(n.to-n.from))
	}
	labels := map[string]int{}
	var names []string
	label := func(l string) int {
		k, ok := labels[l]
		if !ok {
			k = len(names)
			labels[l] = k
			names = append(names, l)
		}
		return k
	}
	for _, e := range b.entries {
		label(e.label)
	}
	for _, tp := range b.tokens {
		label(tp.label)
	}
	out = binary.AppendUvarint(out, uint64(len(names)))
	for _, l := range names {
		out = appendString(out, l)
	}
	out = binary.AppendUvarint(out, uint64(len(b.entries)))
	for i, n := range t.nodes {
		for k := n.entry; k != 0; k = b.entries[k-1].next {
			e := &b.entries[k-1]
			out = binary.AppendUvarint(out, uint64(i-1)) // never the root
			out = binary.AppendUvarint(out, uint64(labels[e.label]))
			out = appendString(out, e.canonical)
			out = binary.AppendUvarint(out, uint64(len(e.written)))
			for _, w := range e.written {
				out = appendString(out, w)
			}
		}
	}
	out = binary.AppendUvarint(out, uint64(len(b.tokens)))
	for _, tp := range b.tokens {
		toks, err := json.Marshal(tp.toks)
		if err != nil {
			return nil, err
		}
		out = binary.AppendUvarint(out, uint64(labels[tp.label]))
		out = appendString(out, tp.canonical)
		out = appendString(out, string(toks))
	}
	return out, nil
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// AddCompiled adds a compiled pattern set (Compile) as source, as
// AddPatterns adds the patterns it was compiled from. A form of another
// build is ErrStaleCompiled, a damaged one an error; either way b is
// unchanged.
func (b *Builder) AddCompiled(source string, compiled []byte) error {
	if len(compiled) < len(compiledMagic)+8 || string(compiled[:len(compiledMagic)]) != compiledMagic ||
		binary.LittleEndian.Uint64(compiled[len(compiledMagic):]) != fingerprint() {
		return ErrStaleCompiled
	}
	d := decoder{b: compiled[len(compiledMagic)+8:]}
	c, err := d.set()
	if err != nil {
		return fmt.Errorf("damaged compiled pattern set: %w", err)
	}
	t := &b.trie
	t.reserve(len(c.parent))
	at := make([]int32, len(c.parent)) // c's nodes in b's trie
	if len(t.nodes) == 1 {
		// b is empty: c's nodes become b's as they are, in their order.
		t.nodes = slices.Grow(t.nodes, len(c.parent)-1)
		t.words = append(t.words, c.words...)
		from := int32(0)
		for i := 1; i < len(c.parent); i++ {
			to := from + int32(c.length[i])
			t.nodes = append(t.nodes, node{from: from, to: to})
			p := c.parent[i]
			h := hashWord(c.words[from:to])
			t.put(edge{hash: h, parent: p, child: int32(i)})
			if p == 0 {
				k := h >> (64 - firstLog)
				t.first[k/64] |= 1 << (k % 64)
			}
			at[i], from = int32(i), to
		}
	} else {
		from := 0
		for i := 1; i < len(c.parent); i++ {
			w := c.words[from : from+c.length[i]]
			from += c.length[i]
			h, p := hashWord(w), at[c.parent[i]]
			if at[i] = t.child(p, h, w); at[i] == 0 {
				at[i] = t.add(p, h, w)
			}
		}
	}
	b.entries = slices.Grow(b.entries, len(c.entries))
	for _, e := range c.entries {
		b.addAt(at[e.node], source, c.labels[e.label], e.canonical, e.written)
	}
	for _, tp := range c.tokens {
		b.tokens = append(b.tokens, newTokenPattern(source, Pattern{Label: c.labels[tp.label], ID: tp.canonical, Tokens: tp.toks}))
	}
	return nil
}

// compiledSet is a compiled form decoded.
type compiledSet struct {
	words   []byte
	parent  []int32 // each node's parent (the root's: 0)
	length  []int   // each node's word length
	labels  []string
	entries []compiledEntry
	tokens  []compiledTokens
}

type compiledEntry struct {
	node, label int
	canonical   string
	written     []string
}

type compiledTokens struct {
	label     int
	canonical string
	toks      []Tok
}

// decoder reads a compiled form; every count and index is checked, so a
// damaged form is an error, never a panic or a huge allocation.
type decoder struct {
	b   []byte
	err error
}

var errShort = errors.New("truncated")

func (d *decoder) uint(limit int) int {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	switch {
	case n <= 0:
		d.err = errShort
		return 0
	case v >= uint64(limit):
		d.err = fmt.Errorf("value %d out of range (below %d)", v, limit)
		return 0
	}
	d.b = d.b[n:]
	return int(v)
}

// count reads a number of items, each at least one byte long.
func (d *decoder) count() int { return d.uint(len(d.b) + 1) }

func (d *decoder) bytes() []byte {
	n := d.count()
	if d.err != nil || n > len(d.b) {
		d.err = errOr(d.err, errShort)
		return nil
	}
	s := d.b[:n:n]
	d.b = d.b[n:]
	return s
}

// errOr is err, or else or.
func errOr(err, or error) error {
	if err != nil {
		return err
	}
	return or
}

func (d *decoder) set() (*compiledSet, error) {
	c := &compiledSet{}
	nodes := d.count()
	c.words = d.bytes()
	if d.err == nil && nodes == 0 {
		d.err = errors.New("no root")
	}
	if d.err != nil {
		return nil, d.err
	}
	c.parent, c.length = make([]int32, nodes), make([]int, nodes)
	total := 0
	for i := 1; i < nodes && d.err == nil; i++ {
		c.parent[i] = int32(d.uint(i))
		c.length[i] = d.uint(len(c.words) - total + 1)
		total += c.length[i]
	}
	c.labels = make([]string, d.count())
	for i := range c.labels {
		if c.labels[i] = string(d.bytes()); c.labels[i] == "" && d.err == nil {
			d.err = errors.New("empty label")
		}
	}
	c.entries = make([]compiledEntry, d.count())
	for i := range c.entries {
		e := &c.entries[i]
		e.node, e.label, e.canonical = 1+d.uint(nodes-1), d.uint(len(c.labels)), string(d.bytes())
		if n := d.count(); n > 0 {
			e.written = make([]string, n)
			for k := range e.written {
				e.written[k] = string(d.bytes())
			}
		}
	}
	c.tokens = make([]compiledTokens, d.count())
	for i := range c.tokens {
		tp := &c.tokens[i]
		tp.label, tp.canonical = d.uint(len(c.labels)), string(d.bytes())
		if js := d.bytes(); d.err == nil {
			if err := json.Unmarshal(js, &tp.toks); err != nil || len(tp.toks) == 0 || len(tp.toks) > maxTokens {
				d.err = errOr(err, errors.New("bad token pattern"))
			}
		}
	}
	switch {
	case d.err != nil:
		return nil, d.err
	case total != len(c.words):
		return nil, errors.New("words do not add up")
	case len(d.b) != 0:
		return nil, errors.New("trailing bytes")
	}
	return c, nil
}
