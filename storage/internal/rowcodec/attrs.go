// Package rowcodec holds what both stores, SQLite and PostgreSQL, need to
// turn rows into annotate values and back the same way: the attrs and meta
// columns' JSON text, the import's metadata merge, the export's records and
// the messages their errors carry. It has no SQL of its own.
package rowcodec

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/tagdesk/tagdesk/annotate"
)

// AppendAttrs appends attrs as a JSON object with sorted keys, the form
// the attrs column holds ("{}" when empty), so equal maps give equal text.
func AppendAttrs(b []byte, attrs map[string]string) []byte {
	b = append(b, '{')
	switch len(attrs) {
	case 0:
	case 1:
		for k, v := range attrs {
			b = annotate.AppendJSONString(b, k)
			b = append(b, ':')
			b = annotate.AppendJSONString(b, v)
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
			b = annotate.AppendJSONString(b, k)
			b = append(b, ':')
			b = annotate.AppendJSONString(b, attrs[k])
		}
	}
	return append(b, '}')
}

// ParseAttrs reads an attrs column: nil for "{}". The common form, plain
// strings without escapes as AppendAttrs writes them, is read by hand;
// anything else goes through encoding/json.
func ParseAttrs(s string) (map[string]string, error) {
	if s == "{}" || s == "" {
		return nil, nil
	}
	if m, ok := parseSimpleAttrs(s); ok {
		return m, nil
	}
	var m map[string]string
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, fmt.Errorf("stored attrs %q: %w", s, err)
	}
	return m, nil
}

func parseSimpleAttrs(s string) (map[string]string, bool) {
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return nil, false
	}
	m := make(map[string]string, 1)
	i := 1
	str := func() (string, bool) {
		if i >= len(s) || s[i] != '"' {
			return "", false
		}
		j := i + 1
		for j < len(s) && s[j] != '"' {
			if s[j] == '\\' || s[j] < 0x20 {
				return "", false
			}
			j++
		}
		if j >= len(s) {
			return "", false
		}
		v := s[i+1 : j]
		i = j + 1
		return v, true
	}
	for {
		k, ok := str()
		if !ok || i >= len(s) || s[i] != ':' {
			return nil, false
		}
		i++
		v, ok := str()
		if !ok || i >= len(s) {
			return nil, false
		}
		m[k] = v
		switch s[i] {
		case ',':
			i++
		case '}':
			return m, i == len(s)-1
		default:
			return nil, false
		}
	}
}
