package storage

import (
	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage/internal/rowcodec"
)

// The column codecs and messages both stores share (see rowcodec).
var (
	appendAttrs   = rowcodec.AppendAttrs
	parseAttrs    = rowcodec.ParseAttrs
	appendMeta    = rowcodec.AppendMeta
	parseMeta     = rowcodec.ParseMeta
	textDiff      = rowcodec.TextDiff
	annotatorName = rowcodec.AnnotatorName
)

type mergedArticle struct {
	annotate.Article
	meta string // the meta column
}

// mergeArticle is rowcodec.MergeArticle with the merged meta column in
// the field the import reads.
func mergeArticle(old annotate.Article, meta string, a *annotate.Article) (mergedArticle, []string, error) {
	m, changed, err := rowcodec.MergeArticle(old, meta, a)
	return mergedArticle{Article: m.Article, meta: m.Meta}, changed, err
}

// attrsCache is rowcodec.AttrsCache for the export.
type attrsCache rowcodec.AttrsCache

func (c attrsCache) parse(s string) (map[string]string, error) {
	return rowcodec.AttrsCache(c).Parse(s)
}
