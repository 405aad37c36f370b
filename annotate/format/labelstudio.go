package format

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/tagdesk/tagdesk/annotate"
	"io"
	"sort"
	"unicode/utf8"
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
// task is one record (its annotator from completed_by: a user id, or the
// email or id of a user object; else created_username); a task without
// annotations is one record without spans. A cancelled annotation gives
// status skipped, any other done. Per-region results that share a labels
// result's id carry the span's note and canonical value (textarea results
// from "note" and "canonical") and attributes (choices results, from_name
// naming the attribute). data.id, when present, is the article's id, else
// the task's id; other data keys go to meta. Predictions and results of
// other types are not imported (a warning).
type LabelStudioDecoder struct {
	warnings
	br        *bufio.Reader
	lt        *lineTracker  // nil while fastTask reads
	dec       *json.Decoder // nil while fastTask reads
	fstate    int           // fastTask's place: 0 before the array, 1 after "[", 2 after a task
	off       int64         // bytes before the checkpoint
	scanned   int64         // bytes json.Decoder's scanner would have counted by the checkpoint
	nl        []int64       // the newlines lineTracker would hold at the checkpoint
	nlBase    int           // and the newlines it would have dropped
	lines     int           // newlines before the checkpoint
	replay    []byte        // bytes taken since the checkpoint
	replayNL  int           // newlines in replay
	ioErr     error         // a read error fastTask met
	name      string
	utf16     bool
	started   bool
	done      bool
	line      int
	queue     []*annotate.Record
	ignored   map[string]int
	preds     int
	switched  bool
	taskCount int
}

// NewLabelStudioDecoder reads from r; name is the file name used in errors.
func NewLabelStudioDecoder(r io.Reader, name string, utf16 bool) *LabelStudioDecoder {
	br := bufio.NewReaderSize(r, 1<<16)
	if b, err := br.Peek(3); err == nil && string(b) == "\xef\xbb\xbf" {
		br.Discard(3)
	}
	return &LabelStudioDecoder{br: br, name: name, utf16: utf16, ignored: map[string]int{}}
}

// Line returns the line where the task of the record last returned starts.
func (d *LabelStudioDecoder) Line() int { return d.line }

// Skipped returns 0: cancelled annotations are imported as skipped.
func (d *LabelStudioDecoder) Skipped() int { return 0 }

type lsTask struct {
	ID          json.RawMessage            `json:"id"`
	Data        map[string]json.RawMessage `json:"data"`
	Annotations []lsAnnotation             `json:"annotations"`
	Predictions []json.RawMessage          `json:"predictions"`
	text        *string                    // data.text decoded (by fastLSTask; Data["text"] is then nil)
}

type lsAnnotation struct {
	CompletedBy     json.RawMessage `json:"completed_by"`
	CreatedUsername string          `json:"created_username"`
	WasCancelled    bool            `json:"was_cancelled"`
	Result          []lsResult      `json:"result"`
}

type lsResult struct {
	ID       string  `json:"id"`
	Type     string  `json:"type"`
	FromName string  `json:"from_name"`
	ToName   string  `json:"to_name"`
	Value    lsValue `json:"value"`
}

type lsValue struct {
	Start   *int     `json:"start"`
	End     *int     `json:"end"`
	Text    any      `json:"text"` // a string for labels, a list of strings for textarea
	Labels  []string `json:"labels"`
	Choices []string `json:"choices"`
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

func (d *LabelStudioDecoder) syntaxErr(err error) error {
	off := d.dec.InputOffset()
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = se.Offset
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return d.errAt(d.lt.lineAt(d.lt.off), fmt.Errorf("%w: the JSON array ends too early", annotate.ErrInvalid))
	}
	return d.errAt(d.lt.lineAt(off), fmt.Errorf("%w: malformed JSON: %v", annotate.ErrInvalid, err))
}

func (d *LabelStudioDecoder) readTask() error {
	if d.dec == nil {
		if done, err := d.fastTask(); done {
			return err
		}
	}
	if !d.started {
		d.started = true
		t, err := d.dec.Token()
		if err != nil {
			if err == io.EOF {
				return d.errAt(1, fmt.Errorf("%w: file holds no JSON", annotate.ErrInvalid))
			}
			return d.syntaxErr(err)
		}
		if t != json.Delim('[') {
			return d.errAt(1, fmt.Errorf("%w: a Label Studio export is a JSON array of tasks (got %v)", annotate.ErrInvalid, t))
		}
	}
	if !d.dec.More() {
		if _, err := d.dec.Token(); err != nil { // the closing ]
			return d.syntaxErr(err)
		}
		if _, err := d.dec.Token(); err != io.EOF {
			return d.errAt(d.lt.lineAt(d.dec.InputOffset()), fmt.Errorf("%w: data after the end of the JSON array", annotate.ErrInvalid))
		}
		d.finish()
		return nil
	}
	var raw json.RawMessage
	if err := d.dec.Decode(&raw); err != nil {
		return d.syntaxErr(err)
	}
	start := d.dec.InputOffset() - int64(len(raw))
	return d.task(raw, d.lt.lineAt(start), nil)
}

// task reads the task raw, which starts on line, into d.queue; decoded,
// when not nil, is raw already decoded.
func (d *LabelStudioDecoder) task(raw []byte, line int, decoded *lsTask) error {
	d.line = line
	d.taskCount++
	var task lsTask
	if decoded != nil {
		task = *decoded
	} else if !fastLSTask(raw, &task) {
		task = lsTask{}
		if err := json.Unmarshal(raw, &task); err != nil {
			line := d.line
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) && te.Offset <= int64(len(raw)) {
				line += bytes.Count(raw[:te.Offset], []byte{'\n'})
			}
			return d.errAt(line, fmt.Errorf("%w: task %d: %s", annotate.ErrInvalid, d.taskCount, jsonErrText(err)))
		}
	}
	recs, err := d.records(&task)
	if err != nil {
		return d.errAt(d.line, fmt.Errorf("%w: task %d: %v", annotate.ErrInvalid, d.taskCount, err))
	}
	d.queue = append(d.queue, recs...)
	return nil
}

func (d *LabelStudioDecoder) finish() {
	d.done = true
	if d.preds > 0 {
		d.warnf("%s: %d prediction(s) not imported (only annotations are)", d.name, d.preds)
	}
	types := make([]string, 0, len(d.ignored))
	for t := range d.ignored {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		d.warnf("%s: %d result(s) of type %q not imported", d.name, d.ignored[t], t)
	}
}

func (d *LabelStudioDecoder) records(task *lsTask) ([]*annotate.Record, error) {
	var a annotate.Article
	rawText, ok := task.Data["text"]
	if !ok {
		return nil, errors.New(`data has no "text" (tagdesk reads tasks whose text is in data.text)`)
	}
	if task.text != nil {
		a.Text = *task.text
	} else if err := json.Unmarshal(rawText, &a.Text); err != nil {
		return nil, errors.New("data.text must be a string")
	}
	if !utf8.ValidString(a.Text) {
		return nil, errors.New("data.text is not valid UTF-8")
	}
	for k, v := range task.Data {
		switch k {
		case "text":
		case "id":
			id, err := jsonID(v)
			if err != nil {
				return nil, fmt.Errorf("data.%v", err)
			}
			a.ExtID = id
		default:
			setMetaField(&a, k, v)
		}
	}
	if a.ExtID == "" && len(task.ID) > 0 {
		id, err := jsonID(task.ID)
		if err != nil {
			return nil, err
		}
		a.ExtID = id
	}
	finishArticle(&a)
	d.preds += len(task.Predictions)
	if len(task.Annotations) == 0 {
		return []*annotate.Record{{Article: a}}, nil
	}
	ix := annotate.NewIndex(a.Text)
	recs := make([]*annotate.Record, 0, len(task.Annotations))
	for i := range task.Annotations {
		an := &task.Annotations[i]
		rec := &annotate.Record{Article: a, Status: annotate.StatusDone, Annotator: lsAnnotator(an)}
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

// or a user object's email or id; else created_username.
func lsAnnotator(an *lsAnnotation) string {
	if len(an.CompletedBy) > 0 && string(an.CompletedBy) != "null" {
		var obj map[string]json.RawMessage
		if json.Unmarshal(an.CompletedBy, &obj) == nil {
			if e, ok := obj["email"]; ok {
				if s, err := jsonID(e); err == nil && s != "" {
					return s
				}
			}
			if e, ok := obj["id"]; ok {
				if s, err := jsonID(e); err == nil {
					return s
				}
			}
		} else if s, err := jsonID(an.CompletedBy); err == nil {
			return s
		}
	}
	return an.CreatedUsername
}

func (d *LabelStudioDecoder) spans(rec *annotate.Record, an *lsAnnotation, ix *annotate.Index) error {
	byID := map[string][]int{} // result id → indexes of its spans
	for i := range an.Result {
		res := &an.Result[i]
		if res.Type != "labels" {
			continue
		}
		v := &res.Value
		if v.Start == nil || v.End == nil {
			return fmt.Errorf("result %d has no value.start or value.end", i+1)
		}
		if len(v.Labels) == 0 {
			return fmt.Errorf("result %d [%d,%d) has no label", i+1, *v.Start, *v.End)
		}
		start, end, err := d.convert(ix, *v.Start, *v.End, v.Text)
		if err != nil {
			return fmt.Errorf("result %d [%d,%d) %s: %v", i+1, *v.Start, *v.End, v.Labels[0], err)
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
		idx, ok := byID[res.ID]
		if !ok || res.ID == "" {
			d.ignored[res.Type]++
			continue
		}
		switch {
		case res.Type == "textarea" && (res.FromName == "note" || res.FromName == "canonical"):
			var text string
			switch t := res.Value.Text.(type) {
			case string:
				text = t
			case []any:
				for j, x := range t {
					s, _ := x.(string)
					if j > 0 {
						text += "\n"
					}
					text += s
				}
			}
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
			d.ignored[res.Type]++
		}
	}
	annotate.SortSpans(rec.Spans)
	return nil
}

// convert maps a result's offsets to code points, checking them against
// value.text when the result has it (see the Label Studio offsets note).
func (d *LabelStudioDecoder) convert(ix *annotate.Index, s, e int, text any) (int, int, error) {
	want, hasText := text.(string)
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
		if hasText && cs <= ce && ix.Slice(cs, ce) != want {
			return 0, 0, fmt.Errorf("value.text %q does not match the task's text there, %q", want, ix.Slice(cs, ce))
		}
		return cs, ce, nil
	}
	cs, ce, err := try(d.utf16)
	if err == nil || !hasText || ix.BMP() {
		return cs, ce, err
	}
	cs2, ce2, err2 := try(!d.utf16)
	if err2 != nil {
		return 0, 0, err
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
