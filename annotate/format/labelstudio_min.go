package format

// Label Studio's JSON-MIN export (label-studio-converter's
// convert_to_json_min): one flat object per annotation, the data keys at
// the top level beside the results, each result under its from_name:
//
//	[{"text":"…","title":"…","id":11,
//	  "label":[{"start":0,"end":6,"text":"Canada","labels":["JURISDICTION"]}],
//	  "role":"imposing","note":"…",
//	  "annotator":1,"annotation_id":21,"created_at":"…","updated_at":"…","lead_time":41.7}]
//
// A key whose value is a list of regions (objects with start, end and
// labels) gives spans, read as the full export's labels results are;
// "text" is the text, "id" the article's id, "annotator" the annotator.
// Per-region choices and text areas lose their region in JSON-MIN (one
// choice becomes a bare string), so they cannot go back on a span: they
// and every other key stay in the article's meta, and one warning per file
// counts them and names them.

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/tagdesk/tagdesk/annotate"
)

// minRecords reads one JSON-MIN task.
func (d *LabelStudioDecoder) minRecords(m map[string]jsontext.Value) ([]*annotate.Record, error) {
	text, ok := m["text"]
	if !ok || text.Kind() != '"' {
		return nil, errors.New(`has no "text" (a JSON-MIN export, as the first task is, holds the text under "text")`)
	}
	rec := &annotate.Record{Status: annotate.StatusDone}
	a := &rec.Article
	if err := unmarshal(text, &a.Text); err != nil {
		return nil, err
	}
	an := &lsAnnotation{}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys) // results in a fixed order, for the warnings
	for _, k := range keys {
		v := m[k]
		switch k {
		case "text":
		case "id":
			if id, ok := idOf(v); ok {
				a.ExtID = id
			} else if v.Kind() != 'n' {
				return nil, errors.New("id must be a string or a number")
			}
		case "annotator":
			rec.Annotator, _ = idOf(v)
		default:
			if regions, ok := minRegions(v); ok {
				for _, r := range regions {
					an.Result = append(an.Result, lsResult{Type: "labels", FromName: k, Value: r})
				}
				continue
			}
			setMetaField(a, k, v)
			if !annotate.IsArticleField(k) {
				d.minMeta.add(1, d.line)
				if d.minKeys == nil {
					d.minKeys = map[string]bool{}
				}
				d.minKeys[k] = true
			}
		}
	}
	finishArticle(a)
	if err := d.spans(rec, an, annotate.NewIndex(a.Text)); err != nil {
		return nil, err
	}
	return []*annotate.Record{rec}, nil
}

// minRegions reads v as a list of regions, each with start, end and at
// least one label; ok is false for anything else.
func minRegions(v jsontext.Value) (regions []lsValue, ok bool) {
	if v.Kind() != '[' || unmarshal(v, &regions) != nil || len(regions) == 0 {
		return nil, false
	}
	for i := range regions {
		r := &regions[i]
		if !r.Start.Set || !r.End.Set || len(r.Labels) == 0 {
			return nil, false
		}
	}
	return regions, true
}

// minWarn says which JSON-MIN keys went to meta.
func (d *LabelStudioDecoder) minWarn() {
	if d.minMeta.n == 0 {
		return
	}
	keys := make([]string, 0, len(d.minKeys))
	for k := range d.minKeys {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	d.tallyWarn(d.name, &d.minMeta, fmt.Sprintf("value(s) of JSON-MIN keys (%s) kept in the article's meta, not on spans: JSON-MIN does not say which region a choice or text area belongs to (export Label Studio's JSON to keep them on the spans)", strings.Join(keys, ", ")))
}
