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
