// Package rowcodec holds what both stores, SQLite and PostgreSQL, need to
// turn rows into annotate values and back the same way: the attrs and meta
// columns' JSON text, the import's metadata merge, the export's records and
// the messages their errors carry. It has no SQL of its own.
package rowcodec

// Reading the JSON columns goes through github.com/go-json-experiment/json
// (json/v2), the library of every JSON reader of tagdesk.

import (
	"fmt"
	"maps"

	json "github.com/go-json-experiment/json"

	"github.com/tagdesk/tagdesk/annotate"
)

// AppendAttrs appends attrs in the form the attrs column holds
// (annotate.AppendAttrs: sorted keys, "{}" when empty).
func AppendAttrs(b []byte, attrs map[string]string) []byte { return annotate.AppendAttrs(b, attrs) }

// ParseAttrs reads an attrs column: nil for "{}".
func ParseAttrs(s string) (map[string]string, error) {
	if s == "{}" || s == "" {
		return nil, nil
	}
	var m map[string]string
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, fmt.Errorf("stored attrs %q: %w", s, err)
	}
	return m, nil
}

// AttrsCache parses the attrs columns of an export, each distinct value
// once: a corpus holds few (the choices of a label's attributes), and
// decoding one costs a microsecond, a sixth of an export's time when
// every value was decoded. Each span still gets a map of its own.
type AttrsCache map[string]map[string]string

// maxAttrsCache bounds the distinct values an export remembers.
const maxAttrsCache = 4096

// Parse is ParseAttrs, remembering what it decoded; the map it returns is
// the caller's own.
func (c AttrsCache) Parse(s string) (map[string]string, error) {
	if m, ok := c[s]; ok {
		return maps.Clone(m), nil
	}
	m, err := ParseAttrs(s)
	if err != nil || m == nil || len(c) >= maxAttrsCache {
		return m, err
	}
	c[s] = m
	return maps.Clone(m), nil
}
