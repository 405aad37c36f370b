package storage

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"

	"github.com/tagdesk/tagdesk/annotate"
)

// mergedArticle is an article's metadata after an import merged into it.
type mergedArticle struct {
	annotate.Article
	meta string // the meta column
}

// mergeArticle merges the metadata of a, an imported record's article,
// into old, the stored one whose meta column is meta, and names the
// fields that changed. A field a does not carry keeps its stored value
// (see annotate.ImportTx.Put): an empty one, a title that is only the
// text's first line, a meta key a lacks.
func mergeArticle(old annotate.Article, meta string, a *annotate.Article) (mergedArticle, []string, error) {
	m := mergedArticle{Article: old, meta: meta}
	var changed []string
	set := func(name string, dst *string, v string) {
		if v != "" && v != *dst {
			*dst = v
			changed = append(changed, "meta."+name)
		}
	}
	if a.Title != annotate.TitleOf(a.Text) {
		set("title", &m.Title, a.Title)
	}
	set("source", &m.Source, a.Source)
	set("url", &m.URL, a.URL)
	set("published", &m.Published, a.Published)
	if len(a.Meta) == 0 {
		return m, changed, nil
	}
	stored, err := parseMeta(meta)
	if err != nil {
		return m, nil, err
	}
	n := len(changed)
	for _, k := range slices.Sorted(maps.Keys(a.Meta)) {
		if v, ok := stored[k]; !ok || !bytes.Equal(v, a.Meta[k]) {
			if stored == nil {
				stored = map[string]json.RawMessage{}
			}
			stored[k] = a.Meta[k]
			changed = append(changed, "meta."+k)
		}
	}
	if len(changed) > n {
		b, err := appendMeta(nil, stored)
		if err != nil {
			return m, nil, err
		}
		m.meta = string(b)
	}
	return m, changed, nil
}
