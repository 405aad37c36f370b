package storage

// Reading the JSON columns goes through github.com/go-json-experiment/json
// (json/v2), the library of every JSON reader of tagdesk.

import (
	stdjson "encoding/json" // the type of annotate.Article.Meta
	"fmt"
	"maps"
	"sort"

	json "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/tagdesk/tagdesk/annotate"
)

// appendAttrs appends attrs as a JSON object with sorted keys, the form
// the attrs column holds ("{}" when empty), so equal maps give equal text.
func appendAttrs(b []byte, attrs map[string]string) []byte {
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

// parseAttrs reads an attrs column: nil for "{}".
func parseAttrs(s string) (map[string]string, error) {
	if s == "{}" || s == "" {
		return nil, nil
	}
	var m map[string]string
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, fmt.Errorf("stored attrs %q: %w", s, err)
	}
	return m, nil
}

// attrsCache parses the attrs columns of an export, each distinct value
// once: a corpus holds few (the choices of a label's attributes), and
// decoding one costs a microsecond, a sixth of an export's time when
// every value was decoded. Each span still gets a map of its own.
type attrsCache map[string]map[string]string

// maxAttrsCache bounds the distinct values an export remembers.
const maxAttrsCache = 4096

func (c attrsCache) parse(s string) (map[string]string, error) {
	if m, ok := c[s]; ok {
		return maps.Clone(m), nil
	}
	m, err := parseAttrs(s)
	if err != nil || m == nil || len(c) >= maxAttrsCache {
		return m, err
	}
	c[s] = m
	return maps.Clone(m), nil
}

// parseMeta reads a meta column: nil for "{}", else each key's value as
// it was imported.
func parseMeta(s string) (map[string]stdjson.RawMessage, error) {
	if s == "{}" || s == "" {
		return nil, nil
	}
	var m map[string]jsontext.Value
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, fmt.Errorf("stored meta: %w", err)
	}
	meta := make(map[string]stdjson.RawMessage, len(m))
	for k, v := range m {
		meta[k] = stdjson.RawMessage(v)
	}
	return meta, nil
}
