package annotate

import (
	"sort"
	"unicode/utf8"
)

// AppendJSONString appends s as a JSON string, byte for byte what
// encoding/json writes with SetEscapeHTML(false) (TestAppendJSONString
// compares them): non-ASCII text as UTF-8, not escaped; quote, backslash
// and control characters escaped (\b, \f, \n, \r, \t by name, the rest as
// \u00XX), and U+2028/U+2029 too, so the line is also valid JavaScript;
// a byte that is not UTF-8 as \ufffd.
func AppendJSONString(b []byte, s string) []byte {
	const hexd = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < 0x80 {
			i++
			continue
		}
		if c < 0x80 {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexd[c>>4], hexd[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexd[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// AppendAttrs appends attrs as a JSON object with sorted keys ("{}" when
// empty), so that equal maps give equal text: the form of the native
// JSONL's "attrs" and of the stores' attrs columns.
func AppendAttrs(b []byte, attrs map[string]string) []byte {
	b = append(b, '{')
	switch len(attrs) {
	case 0:
	case 1:
		for k, v := range attrs {
			b = AppendJSONString(b, k)
			b = append(b, ':')
			b = AppendJSONString(b, v)
		}
	default:
		keys := make([]string, 0, len(attrs))
		for k := range attrs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = AppendJSONString(b, k)
			b = append(b, ':')
			b = AppendJSONString(b, attrs[k])
		}
	}
	return append(b, '}')
}
