package annotate

import (
	"sort"
	"unicode/utf8"
)

// Index converts between the three ways of counting a position in a text:
// Unicode code points (tagdesk's unit, Python's str index), UTF-8 bytes
// (Go's string index) and UTF-16 code units (JavaScript's and doccano's).
// Building it is one pass over the text; pure-ASCII texts, where all three
// agree, need no tables at all. Other texts keep a checkpoint every 64 code
// points, so a conversion walks at most 63 runes and memory stays small
// even for a 50 MB article.
type Index struct {
	text  string
	n     int   // code points
	n16   int   // UTF-16 units
	ascii bool  // every byte < 0x80
	bmp   bool  // no rune outside the BMP: UTF-16 equals code points
	bcp   []int // byte offset of code point i*step
	u16cp []int // UTF-16 offset of code point i*step
}

const indexStep = 64

// NewIndex indexes text, which must be valid UTF-8 (see ValidText).
func NewIndex(text string) *Index {
	x := &Index{text: text, ascii: true, bmp: true}
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			x.ascii = false
			break
		}
	}
	if x.ascii {
		x.n, x.n16 = len(text), len(text)
		return x
	}
	// At most one checkpoint a indexStep bytes: no growing.
	x.bcp = make([]int, 0, len(text)/indexStep+1)
	x.u16cp = make([]int, 0, len(text)/indexStep+1)
	cp, u := 0, 0
	for b, r := range text {
		if cp%indexStep == 0 {
			x.bcp = append(x.bcp, b)
			x.u16cp = append(x.u16cp, u)
		}
		cp++
		u++
		if r > 0xFFFF {
			u++
			x.bmp = false
		}
	}
	x.n, x.n16 = cp, u
	return x
}

// Text returns the indexed text.
func (x *Index) Text() string { return x.text }

// Len returns the text's length in code points.
func (x *Index) Len() int { return x.n }

// BMP reports whether the text has no rune outside the Basic Multilingual
// Plane, so that UTF-16 offsets equal code point offsets.
func (x *Index) BMP() bool { return x.bmp }

// LenUTF16 returns the text's length in UTF-16 code units.
func (x *Index) LenUTF16() int { return x.n16 }

// Byte returns the byte offset of code point cp (0 <= cp <= Len()).
func (x *Index) Byte(cp int) int {
	if x.ascii || cp <= 0 {
		return max(cp, 0)
	}
	if cp >= x.n {
		return len(x.text)
	}
	b := x.bcp[cp/indexStep]
	for k := cp % indexStep; k > 0; k-- {
		_, size := utf8.DecodeRuneInString(x.text[b:])
		b += size
	}
	return b
}

// Slice returns text[start:end] in code points, like Python.
func (x *Index) Slice(start, end int) string {
	return x.text[x.Byte(start):x.Byte(end)]
}

// Rune returns the code point offset of byte offset b. A b inside a
// multi-byte rune counts that rune as started (it maps to the rune's own
// offset plus one), which callers avoid by passing rune boundaries.
func (x *Index) Rune(b int) int {
	if x.ascii || b <= 0 {
		return max(min(b, x.n), 0)
	}
	if b >= len(x.text) {
		return x.n
	}
	i := sort.Search(len(x.bcp), func(i int) bool { return x.bcp[i] > b }) - 1
	cp, off := i*indexStep, x.bcp[i]
	for off < b {
		_, size := utf8.DecodeRuneInString(x.text[off:])
		off += size
		cp++
	}
	return cp
}

// UTF16 returns the UTF-16 offset of code point cp.
func (x *Index) UTF16(cp int) int {
	if x.bmp || cp <= 0 {
		return max(cp, 0)
	}
	if cp >= x.n {
		return x.n16
	}
	i := cp / indexStep
	u, b := x.u16cp[i], x.bcp[i]
	for k := cp % indexStep; k > 0; k-- {
		r, size := utf8.DecodeRuneInString(x.text[b:])
		b += size
		u++
		if r > 0xFFFF {
			u++
		}
	}
	return u
}

// FromUTF16 returns the code point offset of UTF-16 offset u. ok is false
// when u is outside the text or falls between the two halves of a
// surrogate pair, which no code point offset can express.
func (x *Index) FromUTF16(u int) (cp int, ok bool) {
	if u < 0 || u > x.n16 {
		return 0, false
	}
	if x.bmp {
		return u, true
	}
	i := sort.Search(len(x.u16cp), func(i int) bool { return x.u16cp[i] > u }) - 1
	cp, uu, b := i*indexStep, x.u16cp[i], x.bcp[i]
	for uu < u {
		r, size := utf8.DecodeRuneInString(x.text[b:])
		b += size
		cp++
		uu++
		if r > 0xFFFF {
			uu++
		}
	}
	return cp, uu == u
}
