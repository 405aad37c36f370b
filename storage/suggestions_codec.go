package storage

import (
	"fmt"
	"strconv"

	"github.com/go-json-experiment/json"

	"github.com/tagdesk/tagdesk/annotate"
)

// suggestionItem is one suggestion in a suggestions row's items.
type suggestionItem struct {
	S int    `json:"s"`
	E int    `json:"e"`
	L string `json:"l"`
	C string `json:"c,omitempty"`
}

// appendItems appends sugs as a suggestions row's items.
func appendItems(b []byte, sugs []annotate.Suggestion) []byte {
	b = append(b, '[')
	for i, s := range sugs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"s":`...)
		b = strconv.AppendInt(b, int64(s.Start), 10)
		b = append(b, `,"e":`...)
		b = strconv.AppendInt(b, int64(s.End), 10)
		b = append(b, `,"l":`...)
		b = annotate.AppendJSONString(b, s.Label)
		if s.Canonical != "" {
			b = append(b, `,"c":`...)
			b = annotate.AppendJSONString(b, s.Canonical)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendParsedItems appends a suggestions row's items to dst.
func appendParsedItems(dst []annotate.Suggestion, articleID int64, source, items string) ([]annotate.Suggestion, error) {
	var its []suggestionItem
	if err := json.Unmarshal([]byte(items), &its); err != nil {
		return dst, fmt.Errorf("%w: suggestions of article %d, %s: %v", annotate.ErrDamaged, articleID, source, err)
	}
	for _, it := range its {
		dst = append(dst, annotate.Suggestion{ArticleID: articleID, Source: source, Start: it.S, End: it.E, Label: it.L, Canonical: it.C})
	}
	return dst, nil
}
