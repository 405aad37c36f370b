package format

// The article's fields and meta in the JSON formats that keep them beside
// the text (doccano, Label Studio's data, Prodigy's meta).

import (
	"encoding/json"
	"slices"
	"sort"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/tagdesk/tagdesk/annotate"
)

// metaKeys returns m's keys sorted.
func metaKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// setMetaField stores a key found beside the text in a format that has no
// meta object: the four article fields (a string as it is, null as
// empty, another value as its JSON text: meta cannot hold a second key of
// that name), the rest in Meta, compacted.
func setMetaField(a *annotate.Article, k string, v jsontext.Value) {
	if annotate.IsArticleField(k) {
		var s string
		switch {
		case v.Kind() == '"' && unmarshal(v, &s) == nil:
			a.SetField(k, s)
		case v.Kind() != 'n':
			a.SetField(k, string(v))
		}
		return
	}
	if a.Meta == nil {
		a.Meta = map[string]json.RawMessage{}
	}
	if k := v.Kind(); k == '{' || k == '[' {
		v.Compact() // from an indented file: one line of JSONL must hold it
	}
	a.Meta[k] = json.RawMessage(v)
}

// appendMetaFields writes the article's title, source, url, published and
// meta keys as members of an open JSON object (each preceded by a comma),
// leaving out the empty article fields and keys in skip.
func appendMetaFields(b []byte, a *annotate.Article, skip ...string) []byte {
	for _, kv := range [...][2]string{{"title", a.Title}, {"source", a.Source}, {"url", a.URL}, {"published", a.Published}} {
		if kv[1] != "" {
			b = append(b, ',')
			b = annotate.AppendJSONString(b, kv[0])
			b = append(b, ':')
			b = annotate.AppendJSONString(b, kv[1])
		}
	}
	for _, k := range metaKeys(a.Meta) {
		if slices.Contains(skip, k) {
			continue
		}
		if annotate.IsArticleField(k) {
			continue
		}
		b = append(b, ',')
		b = annotate.AppendJSONString(b, k)
		b = append(b, ':')
		b = append(b, a.Meta[k]...)
	}
	return b
}

// finishArticle gives an article without an id the hash of its text and
// one without a title its first line.
func finishArticle(a *annotate.Article) {
	if a.ExtID == "" {
		a.ExtID = annotate.TextID(a.Text)
	}
	if a.Title == "" {
		a.Title = annotate.TitleOf(a.Text)
	}
}
