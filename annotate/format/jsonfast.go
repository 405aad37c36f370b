package format

// fastParser: a small JSON parser for the shapes tagdesk reads most, used
// by the fast paths of the JSONL, doccano and Label Studio readers. Each
// method gives up (false) on anything unusual, and the caller then reads
// the input with encoding/json, so every error is worded as before.

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// foldsTo reports whether key matches one of names case-insensitively but
// not exactly, which encoding/json would also accept.
func foldsTo(key string, names ...string) bool {
	for _, n := range names {
		if strings.EqualFold(key, n) {
			return true
		}
	}
	return false
}

// fastParser reads JSON from s at i. With alias set, s shares memory
// with a buffer that the caller reuses, so every string the parser returns
// for keeping (str, value, number) is a copy; key returns a slice of s,
// which callers copy before they keep it (a map key).
type fastParser struct {
	s     string
	i     int
	alias bool
}

func (p *fastParser) ws() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *fastParser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

// byte skips white space and then c.
func (p *fastParser) byte(c byte) bool {
	p.ws()
	if p.peek() != c {
		return false
	}
	p.i++
	return true
}

// key reads an object key without escapes and its colon. The key may
// share memory with the input (see alias).
func (p *fastParser) key() (string, bool) {
	k, ok := p.rawStr()
	if !ok || strings.IndexByte(k, '\\') >= 0 || !p.byte(':') {
		return "", false
	}
	return k, true
}

// value reads a string value (no null).
func (p *fastParser) value() (string, bool) {
	p.ws()
	return p.str()
}

// str reads a JSON string at p.i.
func (p *fastParser) str() (string, bool) {
	s, ok := p.rawStr()
	if ok && p.alias {
		s = strings.Clone(s)
	}
	return s, ok
}

// rawStr is str without the copy: the string may share memory with the
// input. (A string with escapes is always new.)
func (p *fastParser) rawStr() (string, bool) {
	if p.peek() != '"' {
		return "", false
	}
	start := p.i + 1
	for j := start; j < len(p.s); j++ {
		switch c := p.s[j]; {
		case c == '"':
			p.i = j + 1
			return p.s[start:j], true
		case c == '\\':
			return p.escaped(start, j)
		case c < 0x20:
			return "", false
		}
	}
	return "", false
}

// escaped decodes a string with escapes; s[start:j] has none. The
// decoded string is never longer than the raw one, so it is built in one
// buffer of that size, found first, and returned without another copy.
func (p *fastParser) escaped(start, j int) (string, bool) {
	end := j
	for {
		q := strings.IndexByte(p.s[end:], '"')
		if q < 0 {
			return "", false
		}
		end += q
		bs := 0
		for k := end - 1; k >= j && p.s[k] == '\\'; k-- {
			bs++
		}
		if bs%2 == 0 {
			break // an unescaped quote: the end of the string
		}
		end++
	}
	b := make([]byte, 0, end-start)
	b = append(b, p.s[start:j]...)
	for j < end {
		// A run without escapes, then one escape.
		k := j
		for k < end && p.s[k] != '\\' {
			if p.s[k] < 0x20 {
				return "", false
			}
			k++
		}
		b = append(b, p.s[j:k]...)
		if j = k; j >= end {
			break
		}
		if j+1 >= end {
			return "", false
		}
		switch p.s[j+1] {
		case '"', '\\', '/':
			b = append(b, p.s[j+1])
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := hex4(p.s[:end], j+2)
			if !ok {
				return "", false
			}
			j += 6
			if utf16.IsSurrogate(r) {
				r2, ok := hex4(p.s[:end], j+2)
				if !ok || p.s[j] != '\\' || p.s[j+1] != 'u' {
					return "", false // a lone surrogate: let encoding/json decide
				}
				if r = utf16.DecodeRune(r, r2); r == utf8.RuneError {
					return "", false
				}
				j += 6
			}
			b = utf8.AppendRune(b, r)
			continue
		default:
			return "", false
		}
		j += 2
	}
	p.i = end + 1
	if len(b) == 0 {
		return "", true
	}
	// b is not used after this: the string may share its memory.
	return unsafe.String(&b[0], len(b)), true
}

func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	v, err := strconv.ParseUint(s[i:i+4], 16, 16)
	return rune(v), err == nil
}

// number reads a JSON number literal as written.
func (p *fastParser) number() (string, bool) {
	n, ok := p.rawNumber()
	if ok && p.alias {
		n = strings.Clone(n)
	}
	return n, ok
}

// rawNumber is number without the copy (see rawStr).
func (p *fastParser) rawNumber() (string, bool) {
	start := p.i
	if p.peek() == '-' {
		p.i++
	}
	digits := func() int {
		n := 0
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	intStart := p.i
	if n := digits(); n == 0 || (n > 1 && p.s[intStart] == '0') {
		return "", false
	}
	if p.peek() == '.' {
		p.i++
		if digits() == 0 {
			return "", false
		}
	}
	if c := p.peek(); c == 'e' || c == 'E' {
		p.i++
		if c := p.peek(); c == '+' || c == '-' {
			p.i++
		}
		if digits() == 0 {
			return "", false
		}
	}
	return p.s[start:p.i], true
}

// integer reads a JSON number that is an int.
func (p *fastParser) integer() (int, bool) {
	p.ws()
	lit, ok := p.rawNumber()
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(lit)
	return n, err == nil
}

// skip reads and discards any value, checking its syntax.
func (p *fastParser) skip(depth int) bool {
	if depth > 100 {
		return false
	}
	p.ws()
	switch c := p.peek(); {
	case c == '"':
		_, ok := p.rawStr()
		return ok
	case c == '{' || c == '[':
		p.i++
		end := byte('}')
		if c == '[' {
			end = ']'
		}
		p.ws()
		if p.peek() == end {
			p.i++
			return true
		}
		for {
			if c == '{' {
				p.ws()
				if _, ok := p.rawStr(); !ok || !p.byte(':') {
					return false
				}
			}
			if !p.skip(depth + 1) {
				return false
			}
			p.ws()
			switch p.peek() {
			case ',':
				p.i++
			case end:
				p.i++
				return true
			default:
				return false
			}
		}
	case c == '-' || (c >= '0' && c <= '9'):
		_, ok := p.rawNumber()
		return ok
	}
	for _, lit := range []string{"true", "false", "null"} {
		if strings.HasPrefix(p.s[p.i:], lit) {
			p.i += len(lit)
			return true
		}
	}
	return false
}

// object calls field for each key of an object; field reads the value.
// fields reads an object whose known keys are names, calling field with
// the key to read each one's value; other keys are skipped. It gives up
// (false) on a known key given twice, or a key that is one of names but
// for case, which encoding/json would also take. seen has bit i set for
// each names[i] read.
func (p *fastParser) fields(names []string, field func(key string) bool) (seen uint64, ok bool) {
	ok = p.object(func(k string) bool {
		for i, n := range names {
			if k == n {
				if seen&(1<<i) != 0 {
					return false
				}
				seen |= 1 << i
				return field(n)
			}
		}
		return !foldsTo(k, names...) && p.skip(0)
	})
	return seen, ok
}

func (p *fastParser) object(field func(key string) bool) bool {
	if !p.byte('{') {
		return false
	}
	p.ws()
	if p.peek() == '}' {
		p.i++
		return true
	}
	for {
		p.ws()
		k, ok := p.key()
		if !ok || !field(k) {
			return false
		}
		p.ws()
		switch p.peek() {
		case ',':
			p.i++
		case '}':
			p.i++
			return true
		default:
			return false
		}
	}
}
