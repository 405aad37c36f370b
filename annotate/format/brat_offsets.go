package format

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/tagdesk/tagdesk/annotate"
)

// brat offsets and newlines. brat's offsets are meant to be code points
// of NAME.txt as its server reads it, and the server reads it with
// codecs.open(…, "rU"): on old Python 2 builds that meant universal
// newlines, so every "\r\n" counts as ONE character (brat issue #853);
// on Python 2.7.18 and Python 3 up to 3.10 the "U" is dropped and
// "\r\n" counts as two. Tools that write brat from Java or JavaScript
// strings (INCEpTION, WebAnno, many scripts) count UTF-16 code units,
// "\r\n" as two; brat's own client counted UTF-16 after a character
// outside the BMP until 2020.
//
// Every T line carries the text it covers, so the decoder proves which
// reading a file uses: it tries brat's (code points, "\r\n" as one)
// first and, where a text disagrees, the others, per file, and keeps the
// first under which every T line's text matches (a warning names it when
// it is not brat's). The encoder writes brat's reading: the text keeps
// its CRLF byte for byte, and offsets count "\r\n" as one. A lone "\r"
// is one character in every reading; a BOM is a character (U+FEFF).

// crlfMap converts between offsets of a text and of its view with
// "\r\n" read as one character, both in the same unit.
type crlfMap struct {
	cr []int // offset of the '\r' of each "\r\n", ascending
}

// newCRLFMap finds the "\r\n" pairs of text, in code points or, with
// utf16, in UTF-16 code units.
func newCRLFMap(text string, utf16 bool) crlfMap {
	var m crlfMap
	if !strings.Contains(text, "\r\n") {
		return m
	}
	o := 0
	for i := 0; i < len(text); {
		c := text[i]
		if c == '\r' && i+1 < len(text) && text[i+1] == '\n' {
			m.cr = append(m.cr, o)
		}
		if c < utf8.RuneSelf {
			i++
			o++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		o++
		if utf16 && r > 0xFFFF {
			o++
		}
	}
	return m
}

// toBrat returns the normalised offset of offset o.
func (m crlfMap) toBrat(o int) int {
	// pairs wholly before o: cr+2 <= o
	return o - sort.SearchInts(m.cr, o-1)
}

// fromBrat returns the offset of normalised offset n.
func (m crlfMap) fromBrat(n int) int {
	// pair k sits at normalised position cr[k]-k; count those before n
	lo, hi := 0, len(m.cr)
	for lo < hi {
		k := (lo + hi) / 2
		if m.cr[k]-k < n {
			lo = k + 1
		} else {
			hi = k
		}
	}
	return n + lo
}

// bratReading is one way of counting a brat offset.
type bratReading struct {
	name  string // for the warning, "" for brat's
	utf16 bool
	crlf1 bool // "\r\n" counts as one
}

// bratReadings are tried in this order; the first is brat's.
var bratReadings = []bratReading{
	{"", false, true},
	{`raw code points, "\r\n" counted as two (brat on Python 2.7.18 or 3.x)`, false, false},
	{`UTF-16 code units, "\r\n" counted as two (INCEpTION, WebAnno, Java and JavaScript tools)`, true, false},
	{`UTF-16 code units, "\r\n" counted as one (brat's client before 2020)`, true, true},
}

// bratOffsets converts one text's offsets in one reading.
type bratOffsets struct {
	bratReading
	ix  *annotate.Index
	cm  crlfMap
	len int // the text's length in this reading
}

func newBratOffsets(ix *annotate.Index, r bratReading) *bratOffsets {
	o := &bratOffsets{bratReading: r, ix: ix, len: ix.Len()}
	if r.utf16 {
		o.len = ix.LenUTF16()
	}
	if r.crlf1 {
		o.cm = newCRLFMap(ix.Text(), r.utf16)
		o.len -= len(o.cm.cr)
	}
	return o
}

// applies reports whether reading r counts differently from the ones
// before it for this text: only CRLF and characters outside the BMP make
// readings differ.
func (r bratReading) applies(crlf, astral bool) bool {
	return !(r.utf16 && !astral || r.crlf1 && r.utf16 && !crlf || !r.crlf1 && !r.utf16 && !crlf)
}

// toCP returns the code point offset of o, false when o is outside the
// text or inside a character (a surrogate pair).
func (b *bratOffsets) toCP(o int) (int, bool) {
	if o < 0 || o > b.len {
		return 0, false
	}
	if b.crlf1 {
		o = b.cm.fromBrat(o)
	}
	if b.utf16 {
		return b.ix.FromUTF16(o)
	}
	return o, true
}

// fromCP returns the offset of code point cp.
func (b *bratOffsets) fromCP(cp int) int {
	if b.utf16 {
		cp = b.ix.UTF16(cp)
	}
	if b.crlf1 {
		return b.cm.toBrat(cp)
	}
	return cp
}
