package suggest

import (
	"encoding/binary"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"github.com/tagdesk/tagdesk/annotate/format"
)

// Text is a text split into words and folded, ready to be matched by any
// number of matchers (MatchText).
//
// The words are the tokenizer's tokens (format.Words: Unicode word
// boundaries), each split further between grapheme clusters where one
// that starts with a word character (letter, digit, mark, '_') meets one
// that does not, as spaCy splits "Union's" and "l'Union". So a word never
// splits a grapheme cluster ("é" written as e + U+0301, an emoji with its
// skin tone or variation selector, a flag). Each word is folded
// (foldString) and hashed (hashWord) as it is read: a token the
// tokenizer decided from ASCII alone is split, folded and hashed byte by
// byte, without building a string; any other token goes through its
// grapheme clusters and Unicode's case folding (TestTextFastPath keeps
// the two the same).
type Text struct {
	text  string
	words []word
	lower []byte  // the words folded, one after another
	ends  []int32 // ends[i]: the end of word i in lower; ends[0] = 0
}

// word is one word of a Text.
type word struct {
	hash       uint64 // hashWord of the word folded
	start, end int32  // in code points
	from, to   int32  // in bytes, in the text
}

// NewText returns text ready for MatchText.
func NewText(text string) *Text {
	t := &Text{}
	t.reset(text)
	return t
}

func (t *Text) reset(text string) {
	t.text = text
	t.words, t.lower, t.ends = t.words[:0], t.lower[:0], append(t.ends[:0], 0)
	sc := format.NewWords(text)
	var tk format.Token
	for {
		at, ascii, ok := sc.Next(&tk)
		switch {
		case !ok:
			return
		case ascii || isASCII(tk.Text):
			t.addASCII(tk.Text, at, tk.Start)
		default:
			t.addToken(tk.Text, at, tk.Start)
		}
	}
}

// word returns word i folded.
func (t *Text) word(i int) []byte { return t.lower[t.ends[i]:t.ends[i+1]] }

// written returns word i as written.
func (t *Text) written(i int) string { return t.text[t.words[i].from:t.words[i].to] }

// addASCII adds the words of a token of ASCII only, s, at byte at and code
// point cp of the text: a byte is a grapheme cluster, folded by a table.
func (t *Text) addASCII(s string, at, cp int) {
	start, h := 0, uint64(hashOffset)
	isWord := asciiWord[s[0]]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if asciiWord[c] != isWord {
			t.push(h, at+start, at+i, cp+start, cp+i)
			start, h, isWord = i, hashOffset, !isWord
		}
		c = asciiLower[c]
		t.lower = append(t.lower, c)
		h = (h ^ uint64(c)) * hashPrime
	}
	t.push(h, at+start, at+len(s), cp+start, cp+len(s))
}

// addLatin adds the words of a token of ASCII and Latin letters only
// (isLatin), s, at byte at and code point cp of the text: a rune is a
// grapheme cluster, folded by a table.
func (t *Text) addLatin(s string, at, cp int) {
	start, startCP, n, h := 0, cp, cp, uint64(hashOffset)
	isWord := false
	for i, r := range s {
		w := r >= utf8.RuneSelf || asciiWord[r]
		if w != isWord && i > 0 {
			t.push(h, at+start, at+i, startCP, n)
			start, startCP, h = i, n, hashOffset
		}
		isWord = w
		from := len(t.lower)
		t.lower = utf8.AppendRune(t.lower, latinFold[r])
		for _, c := range t.lower[from:] {
			h = (h ^ uint64(c)) * hashPrime
		}
		n++
	}
	t.push(h, at+start, at+len(s), startCP, n)
}

// isLatin reports whether s holds only ASCII and Latin letters outside
// it (as format segments them: À to ɏ less × and ÷). Each of those is a
// grapheme cluster of its own (none extends another or is extended), and
// a word character when it is a letter.
func isLatin(s string) bool {
	for _, r := range s {
		if r >= utf8.RuneSelf && (r < 0xC0 || r > 0x24F || r == 0xD7 || r == 0xF7) {
			return false
		}
	}
	return true
}

// latinFold is foldRune of the runes isLatin accepts.
var latinFold = func() (f [0x250]rune) {
	for r := range rune(0x250) {
		f[r] = foldRune(r)
	}
	return f
}()

// addToken adds the words of any token, s, at byte at and code point cp
// of the text, cluster by cluster.
func (t *Text) addToken(s string, at, cp int) {
	if isLatin(s) {
		t.addLatin(s, at, cp)
		return
	}
	startB, startCP, n := 0, cp, cp
	prevWord := false
	rest, state := s, -1
	for b := 0; rest != ""; {
		var cluster string
		cluster, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		r, _ := utf8.DecodeRuneInString(cluster)
		w := isWordChar(r)
		if b > 0 && w != prevWord {
			t.addFolded(s[startB:b], at+startB, startCP, n)
			startB, startCP = b, n
		}
		prevWord = w
		b += len(cluster)
		n += utf8.RuneCountInString(cluster)
	}
	t.addFolded(s[startB:], at+startB, startCP, n)
}

// addFolded adds word w at byte at of the text, [start, end) in code
// points, folding it rune by rune.
func (t *Text) addFolded(w string, at, start, end int) {
	from := len(t.lower)
	t.lower = foldString(t.lower, w)
	t.words = append(t.words, word{hash: hashWord(t.lower[from:]), start: int32(start), end: int32(end), from: int32(at), to: int32(at + len(w))})
	t.ends = append(t.ends, int32(len(t.lower)))
}

func (t *Text) push(h uint64, from, to, start, end int) {
	t.words = append(t.words, word{hash: h, start: int32(start), end: int32(end), from: int32(from), to: int32(to)})
	t.ends = append(t.ends, int32(len(t.lower)))
}

// FNV-1a, 64 bits: hashWord and addASCII's loop.
const (
	hashOffset = 14695981039346656037
	hashPrime  = 1099511628211
)

// hashWord returns the hash of a folded word.
func hashWord(w []byte) uint64 {
	h := uint64(hashOffset)
	for _, c := range w {
		h = (h ^ uint64(c)) * hashPrime
	}
	return h
}

// asciiWord and asciiLower are isWordChar and foldRune of the ASCII
// bytes (and false, 0 above).
var asciiWord, asciiLower = func() (w [256]bool, l [256]byte) {
	for c := range utf8.RuneSelf {
		w[c], l[c] = isWordChar(rune(c)), byte(foldRune(rune(c)))
	}
	return w, l
}()

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isWordChar(r rune) bool {
	if r < utf8.RuneSelf {
		return r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// phraseKey returns the key of a phrase's words (see Text): each folded,
// preceded by its length as a uvarint; "" when it has none. For an
// acronym it returns the words as written too: it matches only so.
func phraseKey(phrase string) (key string, written []string) {
	var t Text
	return t.phraseKey(phrase)
}

// phraseKey is phraseKey with t as scratch space.
func (t *Text) phraseKey(phrase string) (key string, written []string) {
	t.reset(phrase)
	if len(t.words) == 0 {
		return "", nil
	}
	b := make([]byte, 0, len(t.lower)+len(t.words))
	for i := range t.words {
		b = binary.AppendUvarint(b, uint64(len(t.word(i))))
		b = append(b, t.word(i)...)
	}
	if isAcronym(phrase) {
		written = make([]string, len(t.words))
		for i := range t.words {
			written[i] = t.written(i)
		}
	}
	return string(b), written
}

// nextWord returns the first word of a phraseKey and the rest.
func nextWord(key string) (w, rest string) {
	n, shift := 0, 0
	for i := 0; ; i++ {
		c := key[i]
		n |= int(c&0x7f) << shift
		if c < 0x80 {
			return key[i+1 : i+1+n], key[i+1+n:]
		}
		shift += 7
	}
}
