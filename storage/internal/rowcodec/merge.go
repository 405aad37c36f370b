package rowcodec

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"

	"github.com/tagdesk/tagdesk/annotate"
)

// MergedArticle is an article's metadata after an import merged into it.
type MergedArticle struct {
	annotate.Article
	Meta string // the meta column
}

// MergeArticle merges the metadata of a, an imported record's article,
// into old, the stored one whose meta column is meta, and names the
// fields that changed. A field a does not carry keeps its stored value
// (see annotate.ImportTx.Put): an empty one, a title that is only the
// text's first line, a meta key a lacks.
func MergeArticle(old annotate.Article, meta string, a *annotate.Article) (MergedArticle, []string, error) {
	m := MergedArticle{Article: old, Meta: meta}
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
	stored, err := ParseMeta(meta)
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
		b, err := AppendMeta(nil, stored)
		if err != nil {
			return m, nil, err
		}
		m.Meta = string(b)
	}
	return m, changed, nil
}
