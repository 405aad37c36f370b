package format

import (
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Token is one token of a text, as the spacy and conll formats write it.
type Token struct {
	Text  string // a slice of the text
	Start int    // code point offset, inclusive
	End   int    // code point offset, exclusive
	WS    bool   // white space follows the token
	Sent  int    // index of the sentence the token starts in
}

// Tokenize splits text into tokens and sentences, deterministically and
// for every language the same way:
//
//   - tokens are the word segments of Unicode's default word boundaries
//     (UAX #29, as github.com/rivo/uniseg v0.4.7 implements them), trimmed
//     of white space (and U+FEFF, a byte order mark) at both ends;
//     segments that are only white space are dropped. So "U.S.-led" gives "U.S", ".", "-", "led"; a flag or an
//     emoji with a skin tone is one token; "加拿大" gives one token per
//     ideograph; a combining mark stays with its base letter.
//   - sentences are Unicode's default sentence boundaries (UAX #29),
//     except after a common abbreviation or an initial (see
//     abbrevBefore); a token belongs to the sentence it starts in.
//
// Offsets are code points, like spans'. The tokens' Text fields share the
// text's memory.
func Tokenize(text string) []Token { return AppendTokens(nil, text) }

// AppendTokens appends text's tokens (see Tokenize) to dst.
//
// Runs of ASCII whose word boundaries the rules decide from ASCII alone
// (letters, digits, "_", the "." ":" "'" "," ";" that join them, spaces,
// newlines, other punctuation) are segmented here, as UAX #29 says; any
// segment that a character outside ASCII could change is handed to
// uniseg. Sentence boundaries are asked of uniseg only around the
// characters that can end a sentence. The result is the same as uniseg's
// alone (TestTokenizeMatchesUniseg, FuzzTokenize), several times faster.
func AppendTokens(dst []Token, text string) []Token { return appendTokens(dst, text, true) }

// AppendWords appends text's tokens (see Tokenize) to dst without their
// sentences (Sent is 0): a third faster, for matching words.
func AppendWords(dst []Token, text string) []Token { return appendTokens(dst, text, false) }

func appendTokens(dst []Token, text string, sentences bool) []Token {
	if text == "" {
		return dst
	}
	var endsBuf [32]int
	sentEnds := endsBuf[:0]
	if sentences {
		sentEnds = sentenceEnds(sentEnds, text)
	}
	sent := 0
	sc := Words{text: text}
	var t Token
	for {
		at, _, ok := sc.Next(&t)
		if !ok {
			return dst
		}
		for sent < len(sentEnds)-1 && at >= sentEnds[sent] {
			sent++
		}
		t.Sent = sent
		dst = append(dst, t)
	}
}

// trimSegment sets t to the token of the segment rest[:n] that starts at
// code point cp: the segment without its white space at both ends. It
// returns where the token starts in the segment, in bytes (-1 for a
// segment of white space only), and the segment's length in code points.
func trimSegment(t *Token, rest string, n, cp int) (lead, nr int) {
	seg := rest[:n]
	nr = runeCount(seg)
	lead = spacePrefix(seg)
	if lead == len(seg) {
		return -1, nr
	}
	trail := spaceSuffix(seg)
	word := seg[lead : len(seg)-trail]
	start := cp + runeCount(seg[:lead])
	*t = Token{Text: word, Start: start, End: start + runeCount(word)}
	if trail > 0 {
		t.WS = true
	} else if n < len(rest) {
		t.WS = isSpaceAt(rest[n:])
	}
	return lead, nr
}

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

// sentenceEnds appends to dst the byte offsets where text's sentences
// end (the last is len(text)), as uniseg.FirstSentenceInString finds
// them. A boundary follows only a paragraph separator or a sentence
// terminator (UAX #29 SB4, SB11), and the rules that decide one look back
// to the terminator and one character before it, and ahead at most to the
// next letter. So uniseg reads only windows around the characters that
// may be one (maySentenceEnd),
// each from and to a place between two ASCII letters, where no boundary
// is and which no rule looks across.
func sentenceEnds(dst []int, text string) []int {
	pos := 0 // text[:pos] is done; pos is 0 or between two ASCII letters
	for pos < len(text) {
		c := pos
		for c < len(text) {
			if b := text[c]; b < utf8.RuneSelf {
				if b == '.' || b == '!' || b == '?' || b == '\n' || b == '\r' {
					break
				}
				c++
				continue
			}
			r, size := utf8.DecodeRuneInString(text[c:])
			if maySentenceEnd(r) {
				break
			}
			c += size
		}
		if c == len(text) {
			break
		}
		ws := c
		for ws > pos && !betweenLetters(text, ws) {
			ws--
		}
		we := c + 1
		for we < len(text) && !betweenLetters(text, we) {
			we++
		}
		state := -1
		b := ws
		for rest := text[ws:we]; rest != ""; {
			var s string
			s, rest, state = uniseg.FirstSentenceInString(rest, state)
			b += len(s)
			if (b < we || we == len(text)) && !abbrevBefore(text, b) {
				dst = append(dst, b)
			}
		}
		pos = we
	}
	if len(dst) == 0 || dst[len(dst)-1] != len(text) {
		dst = append(dst, len(text))
	}
	return dst
}

// maySentenceEnd reports whether a sentence boundary may follow r: r is
// a sentence terminator (STerm, ATerm) or a paragraph separator (CR, LF,
// Sep). TestMaySentenceEnd checks this against uniseg for every rune.
func maySentenceEnd(r rune) bool {
	switch r {
	case '.', '!', '?', '\n', '\r', '\u0085', '\u2024', '\u2028', '\u2029', '\ufe52', '\uff0e':
		return true
	}
	return r >= utf8.RuneSelf && unicode.Is(unicode.Sentence_Terminal, r)
}

// betweenLetters reports whether text[i-1] and text[i] are ASCII letters.
func betweenLetters(text string, i int) bool {
	return i > 0 && wordClass[text[i-1]&0x7f] == wbcLetter && text[i-1] < utf8.RuneSelf &&
		text[i] < utf8.RuneSelf && wordClass[text[i]] == wbcLetter
}

// isSpace reports white space between tokens: Unicode's, and U+FEFF.
func isSpace(r rune) bool { return unicode.IsSpace(r) || r == '\ufeff' }

func runeCount(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return utf8.RuneCountInString(s)
		}
	}
	return len(s)
}

// spacePrefix returns the length in bytes of s's leading white space.
func spacePrefix(s string) int {
	for i, r := range s {
		if !isSpace(r) {
			return i
		}
	}
	return len(s)
}

// spaceSuffix returns the length in bytes of s's trailing white space.
func spaceSuffix(s string) int {
	n := 0
	for len(s) > n {
		r, size := utf8.DecodeLastRuneInString(s[:len(s)-n])
		if !isSpace(r) {
			break
		}
		n += size
	}
	return n
}

// tokenRange returns the first and last (inclusive) token that the span
// [start, end) touches: the nearest enclosing tokens when the span does
// not align to token boundaries. ok is false when the span covers only
// white space between tokens.
func tokenRange(toks []Token, start, end int) (first, last int, ok bool) {
	// first token whose end is after start
	lo, hi := 0, len(toks)
	for lo < hi {
		m := (lo + hi) / 2
		if toks[m].End <= start {
			lo = m + 1
		} else {
			hi = m
		}
	}
	first = lo
	if first == len(toks) || toks[first].Start >= end {
		return 0, 0, false
	}
	last = first
	lo, hi = first, len(toks)
	for lo < hi { // first token that starts at or after end
		m := (lo + hi) / 2
		if toks[m].Start < end {
			lo = m + 1
		} else {
			hi = m
		}
	}
	last = lo - 1
	return first, last, true
}
