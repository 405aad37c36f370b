package rowcodec

import (
	stdjson "encoding/json" // the type of annotate.Article.Meta
	"fmt"
	"sort"

	json "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/tagdesk/tagdesk/annotate"
)

// AppendMeta appends an article's extra meta keys as a JSON object with
// sorted keys and the values as they came.
func AppendMeta(b []byte, meta map[string]stdjson.RawMessage) ([]byte, error) {
	keys := make([]string, 0, len(meta))
	for k := range meta {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b = append(b, '{')
	for i, k := range keys {
		if !jsontext.Value(meta[k]).IsValid() {
			return b, fmt.Errorf("%w: meta.%s is not valid JSON", annotate.ErrInvalid, k)
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = annotate.AppendJSONString(b, k)
		b = append(b, ':')
		b = append(b, meta[k]...) // as imported, byte for byte
	}
	return append(b, '}'), nil
}

// ParseMeta reads a meta column: nil for "{}", else each key's value as
// it was imported.
func ParseMeta(s string) (map[string]stdjson.RawMessage, error) {
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
