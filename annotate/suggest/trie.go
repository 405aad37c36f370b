package suggest

// trie holds phrases as sequences of folded words. Its edges, from a
// node and a word to the next node, live in one open-addressing table
// keyed by the node and the word's hash (hashWord), the hash the words of
// a Text carry: matching a word costs one probe, with no string built
// and no map. A node keeps its word, so that a hash that two words share
// never joins them. Node 0 is the root.
type trie struct {
	slots []edge // a power of two of them; child 0 marks a free slot
	shift uint   // 64 - log2(len(slots))
	used  int
	nodes []node
	words []byte   // the nodes' words, one after another
	first []uint64 // a bit per hash of a phrase's first word (mayStart)
}

type edge struct {
	hash          uint64
	parent, child int32
}

type node struct {
	from, to int32 // the node's word in words
	entry    int32 // its first entry + 1 (the phrases that end here), or 0
}

const firstLog = 20 // 128 KB of bits: few false positives for 30,000 first words

// slot returns where the probe for (parent, h) starts.
func (t *trie) slot(parent int32, h uint64) uint64 {
	return ((h ^ uint64(parent)*0x9e3779b97f4a7c15) * 0xbf58476d1ce4e5b9) >> t.shift
}

// mayStart reports whether a phrase may start with the word hashed h:
// false for most words, from a table that stays in the cache.
func (t *trie) mayStart(h uint64) bool {
	b := h >> (64 - firstLog)
	return len(t.first) > 0 && t.first[b/64]&(1<<(b%64)) != 0
}

// child returns the node that word w (folded, hashed h) leads to from
// parent, or 0.
func (t *trie) child(parent int32, h uint64, w []byte) int32 {
	if len(t.slots) == 0 {
		return 0
	}
	mask := uint64(len(t.slots) - 1)
	for i := t.slot(parent, h); ; i = (i + 1) & mask {
		e := &t.slots[i]
		if e.child == 0 {
			return 0
		}
		if e.hash == h && e.parent == parent {
			if n := &t.nodes[e.child]; string(t.words[n.from:n.to]) == string(w) {
				return e.child
			}
		}
	}
}

// insert adds a phrase by its key (phraseKey) and returns the node where
// it ends.
func (t *trie) insert(key string) int32 {
	if t.nodes == nil {
		t.nodes = []node{{}}
		t.first = make([]uint64, 1<<firstLog/64)
		t.grow(1 << 10)
	}
	parent := int32(0)
	kb := []byte(key)
	for rest := key; rest != ""; {
		var w string
		w, rest = nextWord(rest)
		from := len(key) - len(rest) - len(w)
		wb := kb[from : from+len(w)]
		h := hashWord(wb)
		next := t.child(parent, h, wb)
		if next == 0 {
			next = t.add(parent, h, wb)
		}
		parent = next
	}
	return parent
}

// reserve makes room for n more edges.
func (t *trie) reserve(n int) {
	if t.nodes == nil {
		t.insert("") // the root
	}
	size := len(t.slots)
	for (t.used+n)*2 > size {
		size *= 2
	}
	if size > len(t.slots) {
		t.grow(size)
	}
}

// add adds the edge from parent by word w, hashed h, to a new node.
func (t *trie) add(parent int32, h uint64, w []byte) int32 {
	if (t.used+1)*2 > len(t.slots) {
		t.grow(2 * len(t.slots))
	}
	child := int32(len(t.nodes))
	t.nodes = append(t.nodes, node{from: int32(len(t.words)), to: int32(len(t.words) + len(w))})
	t.words = append(t.words, w...)
	t.put(edge{hash: h, parent: parent, child: child})
	if parent == 0 {
		b := h >> (64 - firstLog)
		t.first[b/64] |= 1 << (b % 64)
	}
	return child
}

func (t *trie) put(e edge) {
	mask := uint64(len(t.slots) - 1)
	i := t.slot(e.parent, e.hash)
	for t.slots[i].child != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = e
	t.used++
}

func (t *trie) grow(n int) {
	old := t.slots
	t.slots, t.used = make([]edge, n), 0
	t.shift = 64
	for ; n > 1; n >>= 1 {
		t.shift--
	}
	for _, e := range old {
		if e.child != 0 {
			t.put(e)
		}
	}
}
