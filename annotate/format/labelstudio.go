package format

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/tagdesk/tagdesk/annotate"
)

// Label Studio offsets. Label Studio's Text tag counts offsets in code
// points: its frontend converts the browser's UTF-16 selection to code
// points before it saves a region (its test suite checks this with emoji,
// "should calculate offsets by code points in text"), so value.start and
// value.end slice the text like Python's str. Versions before about 1.4
// (2021) saved raw JavaScript (UTF-16) offsets. The decoder reads code
// points unless told otherwise (--offsets utf16), and when a result's
// value.text does not match the text at its offsets but does match in the
// other unit, it uses the other unit and warns once per file. \r\n counts
// as two characters in Label Studio as in tagdesk.

// LabelStudioDecoder reads Label Studio's JSON export: one JSON array of
// tasks,
//
//	[{"id":1,"data":{"text":"…","title":"…"},
//	  "annotations":[{"completed_by":3,"result":[{"id":"a1","type":"labels",
//	    "from_name":"label","to_name":"text",
//	    "value":{"start":0,"end":6,"text":"Canada","labels":["JURISDICTION"]}}]}]},…]
//
// streamed task by task, so memory holds one task. Each annotation of a
// task (or completion: Label Studio 0.x) is one record (its annotator from
// completed_by: a user id, or the email or id of a user object; else
// created_username); a task without annotations is one record without
// spans. A cancelled annotation gives
// status skipped, any other done. Per-region results that share a labels
// result's id carry the span's note and canonical value (textarea results
// from "note" and "canonical") and attributes (choices results, from_name
// naming the attribute). data.id, when present, is the article's id, else
// the task's id; other data keys go to meta. Relation results (from_id
// and to_id naming labels results, direction, labels) are relations (see
// lsRelation). Predictions, drafts, results of other types and relations
// without a label or between unknown regions are not imported: a warning
// gives each count and the first task's line. A file of the converter's
// JSON-MIN shape is read too (labelstudio_min.go).
type LabelStudioDecoder struct {
	warnings
	li        *lineIndex
	dec       *jsontext.Decoder
	name      string
	utf16     bool
	started   bool
	done      bool
	min       bool // the JSON-MIN shape
	line      int
	queue     []*annotate.Record
	ignored   map[string]*tally
	preds     tally
	drafts    tally
	spaces    tally // value.text that matches only with white space collapsed
	minMeta   tally // JSON-MIN keys kept in meta
	minKeys   map[string]bool
	switched  bool
	taskCount int
}

// NewLabelStudioDecoder reads from r; name is the file name used in errors.
func NewLabelStudioDecoder(r io.Reader, name string, utf16 bool) *LabelStudioDecoder {
	br := bufio.NewReaderSize(r, 1<<16)
	if b, err := br.Peek(3); err == nil && string(b) == "\xef\xbb\xbf" {
		br.Discard(3)
	}
	li := &lineIndex{r: br}
	return &LabelStudioDecoder{li: li, dec: jsontext.NewDecoder(li, readOpts), name: name, utf16: utf16, ignored: map[string]*tally{}}
}

// Line returns the line where the task of the record last returned starts.
func (d *LabelStudioDecoder) Line() int { return d.line }

// Skipped returns 0: cancelled annotations are imported as skipped.
func (d *LabelStudioDecoder) Skipped() int { return 0 }

// lsTask is the wire shape of one task; its keys match exactly or
// case-insensitively (readOpts), data's keys exactly.
type lsTask struct {
	ID          jsonID         `json:"id"`
	Data        lsData         `json:"data"`
	Annotations []lsAnnotation `json:"annotations"`
	Completions []lsAnnotation `json:"completions"` // Label Studio 0.x's annotations
	Predictions listLen        `json:"predictions"`
	Drafts      listLen        `json:"drafts"`
}

type lsData struct {
	Text  *string                   `json:"text,case:strict"`
	ID    jsontext.Value            `json:"id,case:strict"`
	Extra map[string]jsontext.Value `json:",embed"`
}

type lsAnnotation struct {
	CompletedBy     lsUser     `json:"completed_by"`
	CreatedUsername string     `json:"created_username"`
	WasCancelled    bool       `json:"was_cancelled"`
	Result          []lsResult `json:"result"`
}

type lsValue struct {
	Start   offset   `json:"start"`
	End     offset   `json:"end"`
	Text    lsText   `json:"text"` // a string for labels, a list of strings for textarea
	Labels  []string `json:"labels"`
	Choices []string `json:"choices"`
}

// lsText is value.text: a string (IsString), or a list of strings joined
// by newlines; anything else reads as "".
type lsText struct {
	S        string
	IsString bool
}

func (t *lsText) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	switch dec.PeekKind() {
	case '"':
		t.IsString = true
		return jsonv2.UnmarshalDecode(dec, &t.S)
	case '[':
		var list []jsontext.Value
		if err := jsonv2.UnmarshalDecode(dec, &list); err != nil {
			return err
		}
		parts := make([]string, len(list))
		for i, v := range list {
			if v.Kind() == '"' {
				unmarshal(v, &parts[i])
			}
		}
		t.S = strings.Join(parts, "\n")
		return nil
	}
	return dec.SkipValue()
}

// lsUser is who completed an annotation: completed_by as a user id, or a
// user object's email or id; anything else is nobody.
type lsUser string

func (u *lsUser) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	if dec.PeekKind() != '{' {
		v, err := dec.ReadValue()
		if err == nil {
			s, _ := idOf(v)
			*u = lsUser(s)
		}
		return err
	}
	var obj struct {
		Email jsontext.Value `json:"email,case:strict"`
		ID    jsontext.Value `json:"id,case:strict"`
	}
	if err := jsonv2.UnmarshalDecode(dec, &obj); err != nil {
		return err
	}
	if s, ok := idOf(obj.Email); ok && s != "" {
		*u = lsUser(s)
	} else if s, ok := idOf(obj.ID); ok {
		*u = lsUser(s)
	}
	return nil
}

func (d *LabelStudioDecoder) errAt(line int, err error) error {
	return &annotate.PosError{File: d.name, Line: line, Err: err}
}

// Next returns the next record, io.EOF at the end, or a *PosError.
func (d *LabelStudioDecoder) Next() (*annotate.Record, error) {
	for len(d.queue) == 0 {
		if d.done {
			return nil, io.EOF
		}
		if err := d.readTask(); err != nil {
			return nil, err
		}
	}
	r := d.queue[0]
	d.queue = d.queue[1:]
	return r, nil
}

func (d *LabelStudioDecoder) finish() {
	d.done = true
	d.tallyWarn(d.name, &d.preds, "prediction(s) not imported (only annotations are)")
	d.tallyWarn(d.name, &d.drafts, "draft(s) not imported (only submitted annotations are)")
	types := make([]string, 0, len(d.ignored))
	for t := range d.ignored {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		d.tallyWarn(d.name, d.ignored[t], fmt.Sprintf("result(s) of type %q not imported", t))
	}
	d.tallyWarn(d.name, &d.spaces, "region(s) whose value.text matches the text only with runs of white space collapsed, as the browser's selection gives it (Label Studio issue #3078): read at their offsets")
	d.minWarn()
}

// ignore counts a result that is not imported.
func (d *LabelStudioDecoder) ignore(typ string) {
	t := d.ignored[typ]
	if t == nil {
		t = new(tally)
		d.ignored[typ] = t
	}
	t.add(1, d.line)
}

func (d *LabelStudioDecoder) records(task *lsTask) ([]*annotate.Record, error) {
	var a annotate.Article
	if task.Data.Text == nil {
		return nil, errors.New(`data has no "text" (tagdesk reads tasks whose text is in data.text)`)
	}
	a.Text = *task.Data.Text
	for k, v := range task.Data.Extra {
		setMetaField(&a, k, v)
	}
	if task.Data.ID != nil && task.Data.ID.Kind() != 'n' {
		id, ok := idOf(task.Data.ID)
		if !ok {
			return nil, errors.New("data.id must be a string or a number")
		}
		a.ExtID = id
	}
	if a.ExtID == "" {
		a.ExtID = string(task.ID)
	}
	finishArticle(&a)
	d.preds.add(int(task.Predictions), d.line)
	d.drafts.add(int(task.Drafts), d.line)
	task.Annotations = append(task.Annotations, task.Completions...)
	if len(task.Annotations) == 0 {
		return []*annotate.Record{{Article: a}}, nil
	}
	ix := annotate.NewIndex(a.Text)
	recs := make([]*annotate.Record, 0, len(task.Annotations))
	for i := range task.Annotations {
		an := &task.Annotations[i]
		rec := &annotate.Record{Article: a, Status: annotate.StatusDone, Annotator: string(an.CompletedBy)}
		if rec.Annotator == "" {
			rec.Annotator = an.CreatedUsername
		}
		if an.WasCancelled {
			rec.Status = annotate.StatusSkipped
		}
		if err := d.spans(rec, an, ix); err != nil {
			return nil, fmt.Errorf("annotation %d: %v", i+1, err)
		}
		recs = append(recs, rec)
	}
	return recs, nil
}

func (d *LabelStudioDecoder) spans(rec *annotate.Record, an *lsAnnotation, ix *annotate.Index) error {
	byID := map[string][]int{} // result id → indexes of its spans
	for i := range an.Result {
		res := &an.Result[i]
		if res.Type != "labels" {
			continue
		}
		v := &res.Value
		if !v.Start.Set || !v.End.Set {
			return fmt.Errorf("result %d has no value.start or value.end", i+1)
		}
		if len(v.Labels) == 0 {
			return fmt.Errorf("result %d [%d,%d) has no label", i+1, v.Start.N, v.End.N)
		}
		start, end, err := d.convert(ix, v.Start.N, v.End.N, v.Text)
		if err != nil {
			return fmt.Errorf("result %d [%d,%d) %s: %v", i+1, v.Start.N, v.End.N, v.Labels[0], err)
		}
		if len(v.Labels) > 1 {
			d.warnf("%s:%d: result %d has %d labels: imported as one span per label", d.name, d.line, i+1, len(v.Labels))
		}
		for _, l := range v.Labels {
			if res.ID != "" {
				byID[res.ID] = append(byID[res.ID], len(rec.Spans))
			}
			rec.Spans = append(rec.Spans, annotate.Span{Start: start, End: end, Label: l, Annotator: rec.Annotator})
		}
	}
	for i := range an.Result {
		res := &an.Result[i]
		if res.Type == "labels" {
			continue
		}
		if res.Type == "relation" {
			if !lsRelation(rec, res, byID) {
				d.ignore("relation")
			}
			continue
		}
		idx, ok := byID[res.ID]
		if !ok || res.ID == "" {
			d.ignore(res.Type)
			continue
		}
		switch {
		case res.Type == "textarea" && (res.FromName == "note" || res.FromName == "canonical"):
			text := res.Value.Text.S
			for _, k := range idx {
				if res.FromName == "note" {
					rec.Spans[k].Note = text
				} else {
					rec.Spans[k].Canonical = text
				}
			}
		case res.Type == "choices" && len(res.Value.Choices) > 0:
			for _, k := range idx {
				sp := &rec.Spans[k]
				if sp.Attrs == nil {
					sp.Attrs = map[string]string{}
				}
				sp.Attrs[res.FromName] = res.Value.Choices[0]
			}
		default:
			d.ignore(res.Type)
		}
	}
	rec.Sort()
	return nil
}

// convert maps a result's offsets to code points, checking them against
// value.text when the result has it (see the Label Studio offsets note).
func (d *LabelStudioDecoder) convert(ix *annotate.Index, s, e int, text lsText) (int, int, error) {
	want, hasText := text.S, text.IsString
	spaced := false // matched with white space collapsed
	try := func(utf16 bool) (int, int, error) {
		u := offsetUnit{ix: ix, utf16: utf16}
		cs, err := u.to(s)
		if err != nil {
			return 0, 0, err
		}
		ce, err := u.to(e)
		if err != nil {
			return 0, 0, err
		}
		if hasText && cs <= ce {
			if got := ix.Slice(cs, ce); got != want {
				if !sameSpaced(got, want) {
					return 0, 0, fmt.Errorf("value.text %q does not match the task's text there, %q", want, got)
				}
				spaced = true
			}
		}
		return cs, ce, nil
	}
	cs, ce, err := try(d.utf16)
	if err == nil || !hasText || ix.BMP() {
		if err == nil && spaced {
			d.spaces.add(1, d.line)
		}
		return cs, ce, err
	}
	spaced = false
	cs2, ce2, err2 := try(!d.utf16)
	if err2 != nil {
		return 0, 0, err
	}
	if spaced {
		d.spaces.add(1, d.line)
	}
	if !d.switched {
		d.switched = true
		unit, other := "code points", "UTF-16 code units"
		if d.utf16 {
			unit, other = other, unit
		}
		d.warnf("%s:%d: offsets match value.text only when counted in %s, not %s: read as %s (pass --offsets to choose)", d.name, d.line, other, unit, other)
	}
	return cs2, ce2, nil
}

// sameSpaced reports whether a and b are the same with every run of white
// space read as one space and the ends trimmed: Label Studio's value.text
// is the browser's selection, which collapses them (issue #3078).
func sameSpaced(a, b string) bool {
	fa, fb := strings.Fields(a), strings.Fields(b)
	return slices.Equal(fa, fb)
}
