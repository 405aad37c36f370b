package format

import (
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Words reads a text's tokens (see Tokenize) one at a time, without
// their sentences: AppendWords for a caller that looks at each token once
// and keeps none, such as a matcher.
type Words struct {
	text  string
	b, cp int // position of the rest in bytes and code points
}

// NewWords returns the reader of text's tokens.
func NewWords(text string) Words { return Words{text: text} }

// Next sets t to the next token (Sent is 0) and returns its offset in
// bytes in the text; ok is false after the last. ascii reports a token
// that the segmenter decided from ASCII alone: it is ASCII and holds no
// white space. A token without it may be ASCII too.
func (w *Words) Next(t *Token) (at int, ascii, ok bool) {
	text, b, cp := w.text, w.b, w.cp
	for b < len(text) {
		rest := text[b:]
		n, kind := firstWord(rest)
		switch kind {
		case segSpace: // ASCII white space only
			cp += n
			b += n
			continue
		case segWord: // ASCII, no white space
			*t = Token{Text: rest[:n], Start: cp, End: cp + n}
			if n < len(rest) {
				t.WS = isSpaceAt(rest[n:])
			}
			w.b, w.cp = b+n, cp+n
			return b, true, true
		}
		lead, nr := trimSegment(t, rest, n, cp)
		w.b, w.cp = b+n, cp+nr
		if lead >= 0 {
			return b + lead, false, true
		}
		b, cp = w.b, w.cp
	}
	w.b, w.cp = b, cp
	return b, false, false
}

// isSpaceAt reports whether s starts with white space (isSpace).
func isSpaceAt(s string) bool {
	if c := s[0]; c < utf8.RuneSelf {
		return asciiSpace[c]
	}
	r, _ := utf8.DecodeRuneInString(s)
	return isSpace(r)
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// Word break classes of the ASCII characters (UAX #29, WordBreakProperty).
const (
	wbcOther     = iota // everything else: a segment of its own
	wbcLetter           // ALetter: A-Z a-z
	wbcDigit            // Numeric: 0-9
	wbcUnder            // ExtendNumLet: _
	wbcMidLetter        // MidLetter: ':'
	wbcMidNumLet        // MidNumLet '.' and Single_Quote '\''
	wbcMidNum           // MidNum: ',' ';'
	wbcSpace            // WSegSpace: ' '
	wbcCR               // CR
	wbcNewline          // LF, and Newline: \v \f
)

var wordClass = func() (t [utf8.RuneSelf]uint8) {
	for c := 'A'; c <= 'Z'; c++ {
		t[c], t[c+'a'-'A'] = wbcLetter, wbcLetter
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = wbcDigit
	}
	t['_'] = wbcUnder
	t[':'] = wbcMidLetter
	t['.'], t['\''] = wbcMidNumLet, wbcMidNumLet
	t[','], t[';'] = wbcMidNum, wbcMidNum
	t[' '] = wbcSpace
	t['\r'] = wbcCR
	t['\n'], t['\v'], t['\f'] = wbcNewline, wbcNewline, wbcNewline
	return t
}()

// Kinds of segment firstWord returns.
const (
	segOther = iota // from uniseg: may hold anything
	segWord         // ASCII without white space
	segSpace        // ASCII white space only
)

// firstWord returns the length in bytes of the first word segment of s
// (not empty), as uniseg.FirstWordInString(s, -1) finds it, and its kind.
// A segment is decided here only when every character its end depends on
// is ASCII: a character outside ASCII right after it could be an Extend
// or ZWJ that joins it (WB4), a letter (WB5), a WSegSpace (WB3d).
func firstWord(s string) (int, int) {
	c := s[0]
	if c >= utf8.RuneSelf {
		r, n := utf8.DecodeRuneInString(s)
		switch {
		case isHan(r), isLone(r): // Other: a segment of its own
		case isRI(r): // WB15, WB16: a pair of regional indicators
			r2, n2 := utf8.DecodeRuneInString(s[n:])
			if !isRI(r2) {
				return uniFirstWord(s)
			}
			n += n2
		case isLatinLetter(r):
			return wordRun(s, n, wbcLetter, segOther)
		default:
			return uniFirstWord(s)
		}
		if n < len(s) && !breaksBefore(s[n:]) {
			return uniFirstWord(s)
		}
		return n, segOther
	}
	n := 1
	kind := segWord
	switch k := wordClass[c]; k {
	case wbcCR:
		if len(s) > 1 && s[1] == '\n' {
			n = 2
		}
		kind = segSpace
	case wbcNewline:
		kind = segSpace
	case wbcSpace:
		for n < len(s) && s[n] == ' ' {
			n++
		}
		kind = segSpace
	case wbcLetter, wbcDigit, wbcUnder:
		return wordRun(s, n, k, segWord)
	default:
		if c == '\t' {
			kind = segSpace
		}
	}
	return segmentEnd(s, n, kind)
}

// wordRun is firstWord for a segment that starts with a letter, a digit
// or '_', s[:n], of class last: the segment goes on through the letters,
// digits and '_' that follow and the punctuation between two letters or
// two digits that joins them. A Latin letter outside ASCII (isLatinLetter)
// is a letter as any, and makes the segment of kind segOther.
func wordRun(s string, n int, last uint8, kind int) (int, int) {
run:
	for n < len(s) {
		c := s[n]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[n:])
			if !isLatinLetter(r) {
				return uniFirstWord(s)
			}
			last, kind = wbcLetter, segOther
			n += size
			continue
		}
		switch k := wordClass[c]; k {
		case wbcLetter, wbcDigit, wbcUnder: // WB5, WB8-10, WB13a/b
			last = k
			n++
		case wbcMidLetter, wbcMidNumLet, wbcMidNum:
			if n+1 >= len(s) {
				break run
			}
			next := s[n+1]
			if next >= utf8.RuneSelf {
				return uniFirstWord(s)
			}
			nk := wordClass[next]
			switch {
			case last == wbcLetter && nk == wbcLetter && k != wbcMidNum: // WB6, WB7
			case last == wbcDigit && nk == wbcDigit && k != wbcMidLetter: // WB11, WB12
			default:
				break run
			}
			n += 2
		default:
			break run
		}
	}
	return segmentEnd(s, n, kind)
}

// segmentEnd returns n and kind if the segment s[:n] ends at n: unless
// what follows is a character outside ASCII that some rule may join to
// it, which uniseg decides.
func segmentEnd(s string, n, kind int) (int, int) {
	if n < len(s) && s[n] >= utf8.RuneSelf && !breaksBefore(s[n:]) {
		return uniFirstWord(s)
	}
	return n, kind
}

// breaksBefore reports whether s starts with a rune that no rule joins to
// a segment before it that ends in ASCII, a Latin letter, a Han
// ideograph, a pair of regional indicators or a lone character (isLone)
// (TestBreaksBefore).
func breaksBefore(s string) bool {
	if s[0] < utf8.RuneSelf {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s)
	return isHan(r) || isRI(r) || isLone(r)
}

// isLatinLetter reports the letters of Latin-1 and Latin Extended-A and
// B (À to ɏ, less × and ÷): ALetter to UAX #29, as A-Z.
func isLatinLetter(r rune) bool { return r >= 0xC0 && r <= 0x24F && r != 0xD7 && r != 0xF7 }

// isLone reports common punctuation and emoji outside ASCII that UAX #29
// classes Other, as Han: the dashes, the curly double quotes, the
// ellipsis, and the emoticons' block (not the skin tones, which extend).
func isLone(r rune) bool {
	return r >= 0x2013 && r <= 0x2014 || r >= 0x201C && r <= 0x201D || r == 0x2026 || r >= 0x1F600 && r <= 0x1F64F
}

// isHan reports the CJK unified ideographs of the BMP, Other to UAX #29.
func isHan(r rune) bool { return r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF }

// isRI reports the regional indicators, the halves of flags.
func isRI(r rune) bool { return r >= 0x1F1E6 && r <= 0x1F1FF }

func uniFirstWord(s string) (int, int) {
	w, _, _ := uniseg.FirstWordInString(s, -1)
	return len(w), segOther
}
