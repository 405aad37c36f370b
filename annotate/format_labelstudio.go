package annotate

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
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
	queue     []*Record
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

// The decoder frames the tasks of the array itself (fastTask), which is
// several times faster than json.Decoder, as long as the file looks as
// expected: "[", tasks that are objects separated by commas, "]", white
// space. At anything else it hands over to a json.Decoder (slowDecoder)
// from the end of the last task, so that every error reads as before.

// fastTask reads the next task into d.queue, or the end of the array. done
// is false when it has handed over to the json.Decoder, which then reads
// from the same place.
func (d *LabelStudioDecoder) fastTask() (done bool, err error) {
	d.replay = d.replay[:0]
	d.replayNL = 0
	if d.fstate == 0 {
		if c, ok := d.fastSkipWS(); !ok || c != '[' {
			return false, d.slowDecoder()
		}
		d.fastTake(1)
		d.fstate = 1
		d.nl = d.nl[:0] // lineTracker keeps every newline until the first task
		for i, c := range d.replay {
			if c == '\n' {
				d.nl = append(d.nl, d.off+int64(i))
			}
		}
		d.checkpoint()
	}
	c, ok := d.fastSkipWS()
	if !ok {
		return false, d.slowDecoder()
	}
	commaEnd := 0
	if c == ',' && d.fstate == 2 {
		d.fastTake(1)
		commaEnd = len(d.replay)
		if c, ok = d.fastSkipWS(); !ok {
			return false, d.slowDecoder()
		}
	} else if c == ']' {
		d.fastTake(1)
		if _, ok = d.fastSkipWS(); ok || d.ioErr != nil {
			return false, d.slowDecoder() // data after the end
		}
		d.finish()
		return true, nil
	} else if d.fstate == 2 {
		return false, d.slowDecoder()
	}
	if c != '{' {
		return false, d.slowDecoder()
	}
	line := d.lines + d.replayNL + 1
	start := len(d.replay)
	scanned := int64(len(d.replay) - commaEnd) // json.Decoder scans the white space after a comma
	if !d.fastValue() {
		return false, d.slowDecoder()
	}
	raw := d.replay[start:]
	task := &lsTask{}
	if !fastLSTask(raw, task) {
		if !json.Valid(raw) {
			return false, d.slowDecoder()
		}
		task = nil
	}
	if d.fstate == 1 {
		scanned = 0 // white space after "[" is not scanned
	}
	d.scanned += scanned + int64(len(raw))
	// lineTracker keeps the newlines from the start of the last task on
	d.nl, d.nlBase = d.nl[:0], line-1
	for i, c := range raw {
		if c == '\n' {
			d.nl = append(d.nl, d.off+int64(start+i))
		}
	}
	d.fstate = 2
	d.checkpoint()
	return true, d.task(raw, line, task)
}

// checkpoint marks the place the json.Decoder would start from.
func (d *LabelStudioDecoder) checkpoint() {
	d.off += int64(len(d.replay))
	d.lines += d.replayNL
	d.replay = d.replay[:0]
	d.replayNL = 0
}

// fastSkipWS takes JSON white space and peeks at the byte after it; ok is
// false at the end of the input or on an error.
func (d *LabelStudioDecoder) fastSkipWS() (byte, bool) {
	for {
		buf, err := d.br.Peek(1)
		if err != nil {
			if err != io.EOF {
				d.ioErr = err
			}
			return 0, false
		}
		switch c := buf[0]; c {
		case ' ', '\t', '\r', '\n':
			d.fastTake(1)
		default:
			return c, true
		}
	}
}

// fastTake moves n buffered bytes to d.replay.
func (d *LabelStudioDecoder) fastTake(n int) {
	buf, _ := d.br.Peek(n)
	d.replay = append(d.replay, buf...)
	d.replayNL += bytes.Count(buf, []byte{'\n'})
	d.br.Discard(n)
}

// fastValue moves the object or array that starts at the next byte to
// d.replay, finding its end by its brackets outside strings; false at the
// end of the input first.
func (d *LabelStudioDecoder) fastValue() bool {
	depth, inStr, esc := 0, false, false
	for {
		buf, err := d.br.Peek(d.br.Buffered())
		if len(buf) == 0 {
			if buf, err = d.br.Peek(1); err != nil {
				if err != io.EOF {
					d.ioErr = err
				}
				return false
			}
			buf, _ = d.br.Peek(d.br.Buffered())
		}
		for i, c := range buf {
			switch {
			case inStr:
				if esc {
					esc = false
				} else if c == '\\' {
					esc = true
				} else if c == '"' {
					inStr = false
				}
			case c == '"':
				inStr = true
			case c == '{' || c == '[':
				depth++
			case c == '}' || c == ']':
				depth--
				if depth == 0 {
					d.fastTake(i + 1)
					return true
				}
			}
		}
		d.fastTake(len(buf))
	}
}

// slowDecoder hands over to a json.Decoder that reads what fastTask took
// since its last checkpoint and then the rest of the input, in the state
// fastTask was in: before the array, after "[", or after a task. What
// came before the checkpoint it reads as white space, "[" and (after a
// task) one object of blanks, laid out so that the decoder's offsets are
// the file's and the byte count of its scanner is what it would have
// been: json.Decoder gives a syntax error that count as the offset, and
// the line of the error comes from it. Errors only take this path.
func (d *LabelStudioDecoder) slowDecoder() error {
	rs := []io.Reader{}
	if d.fstate > 0 {
		pad := d.off - 1 - d.scanned
		rs = append(rs, &spaceReader{n: pad}, strings.NewReader("["))
		if d.fstate == 2 {
			rs = append(rs, strings.NewReader("{"), &spaceReader{n: d.scanned - 2}, strings.NewReader("}"))
		}
	}
	rs = append(rs, bytes.NewReader(d.replay))
	if d.ioErr != nil {
		rs = append(rs, errReader{d.ioErr})
	} else {
		rs = append(rs, d.br)
	}
	r := io.MultiReader(rs...)
	d.lt = &lineTracker{r: r, base: d.nlBase, nl: append([]int64(nil), d.nl...)}
	d.dec = json.NewDecoder(d.lt)
	if d.fstate > 0 {
		d.started = true
		if _, err := d.dec.Token(); err != nil {
			return d.syntaxErr(err)
		}
	}
	if d.fstate == 2 {
		var zero json.RawMessage
		if err := d.dec.Decode(&zero); err != nil {
			return d.syntaxErr(err)
		}
	}
	return nil
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
	return &PosError{File: d.name, Line: line, Err: err}
}

// Next returns the next record, io.EOF at the end, or a *PosError.
func (d *LabelStudioDecoder) Next() (*Record, error) {
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
		return d.errAt(d.lt.lineAt(d.lt.off), fmt.Errorf("%w: the JSON array ends too early", ErrInvalid))
	}
	return d.errAt(d.lt.lineAt(off), fmt.Errorf("%w: malformed JSON: %v", ErrInvalid, err))
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
				return d.errAt(1, fmt.Errorf("%w: file holds no JSON", ErrInvalid))
			}
			return d.syntaxErr(err)
		}
		if t != json.Delim('[') {
			return d.errAt(1, fmt.Errorf("%w: a Label Studio export is a JSON array of tasks (got %v)", ErrInvalid, t))
		}
	}
	if !d.dec.More() {
		if _, err := d.dec.Token(); err != nil { // the closing ]
			return d.syntaxErr(err)
		}
		if _, err := d.dec.Token(); err != io.EOF {
			return d.errAt(d.lt.lineAt(d.dec.InputOffset()), fmt.Errorf("%w: data after the end of the JSON array", ErrInvalid))
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
			return d.errAt(line, fmt.Errorf("%w: task %d: %s", ErrInvalid, d.taskCount, jsonErrText(err)))
		}
	}
	recs, err := d.records(&task)
	if err != nil {
		return d.errAt(d.line, fmt.Errorf("%w: task %d: %v", ErrInvalid, d.taskCount, err))
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

func (d *LabelStudioDecoder) records(task *lsTask) ([]*Record, error) {
	var a Article
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
		return []*Record{{Article: a}}, nil
	}
	ix := NewIndex(a.Text)
	recs := make([]*Record, 0, len(task.Annotations))
	for i := range task.Annotations {
		an := &task.Annotations[i]
		rec := &Record{Article: a, Status: StatusDone, Annotator: lsAnnotator(an)}
		if an.WasCancelled {
			rec.Status = StatusSkipped
		}
		if err := d.spans(rec, an, ix); err != nil {
			return nil, fmt.Errorf("annotation %d: %v", i+1, err)
		}
		recs = append(recs, rec)
	}
	return recs, nil
}

// fastLSTask decodes a task of the common shape into task without
// encoding/json, with the parser of jsonl_fast.go. It gives up (false) on
// anything unusual — a null, a duplicate or case-folded key, an escape in
// a key, a number that is not an int, invalid UTF-8 — which
// encoding/json then reads as before. FuzzLabelStudioFast checks that
// both agree.
func fastLSTask(raw []byte, task *lsTask) bool {
	if !utf8.Valid(raw) {
		return false // encoding/json would replace the bad bytes
	}
	p := fastParser{s: string(raw)}
	var seen uint
	return p.object(func(k string) bool {
		var ok bool
		bit := uint(0)
		switch k {
		case "id":
			bit = 1
			task.ID, ok = p.rawValue()
			ok = ok && string(task.ID) != "null"
		case "data":
			bit = 2
			task.Data = map[string]json.RawMessage{}
			ok = p.object(func(dk string) bool {
				if _, dup := task.Data[dk]; dup {
					return false
				}
				if dk == "text" {
					p.ws()
					s, ok := p.str()
					task.Data[dk], task.text = nil, &s
					return ok
				}
				v, ok := p.rawValue()
				task.Data[dk] = v
				return ok
			})
		case "annotations":
			bit = 4
			ok = p.array(func() bool {
				task.Annotations = append(task.Annotations, lsAnnotation{})
				return p.lsAnnotation(&task.Annotations[len(task.Annotations)-1])
			})
			ok = ok && task.Annotations != nil
		case "predictions":
			bit = 8
			ok = p.array(func() bool {
				task.Predictions = append(task.Predictions, nil)
				return p.skip(0)
			})
			ok = ok && task.Predictions != nil
		default:
			ok = !foldsTo(k, "id", "data", "annotations", "predictions") && p.skip(0)
		}
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	}) && p.atEnd()
}

func (p *fastParser) lsAnnotation(an *lsAnnotation) bool {
	var seen uint
	return p.object(func(k string) bool {
		var ok bool
		bit := uint(0)
		switch k {
		case "completed_by":
			bit = 1
			an.CompletedBy, ok = p.rawValue()
		case "created_username":
			bit = 2
			an.CreatedUsername, ok = p.value()
		case "was_cancelled":
			bit = 4
			an.WasCancelled, ok = p.boolean()
		case "result":
			bit = 8
			ok = p.array(func() bool {
				an.Result = append(an.Result, lsResult{})
				return p.lsResult(&an.Result[len(an.Result)-1])
			})
			ok = ok && an.Result != nil
		default:
			ok = !foldsTo(k, "completed_by", "created_username", "was_cancelled", "result") && p.skip(0)
		}
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	})
}

func (p *fastParser) lsResult(res *lsResult) bool {
	var seen uint
	return p.object(func(k string) bool {
		var ok bool
		bit := uint(0)
		switch k {
		case "id":
			bit = 1
			res.ID, ok = p.value()
		case "type":
			bit = 2
			res.Type, ok = p.value()
		case "from_name":
			bit = 4
			res.FromName, ok = p.value()
		case "to_name":
			bit = 8
			res.ToName, ok = p.value()
		case "value":
			bit = 16
			ok = p.lsValue(&res.Value)
		default:
			ok = !foldsTo(k, "id", "type", "from_name", "to_name", "value") && p.skip(0)
		}
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	})
}

func (p *fastParser) lsValue(v *lsValue) bool {
	var seen uint
	return p.object(func(k string) bool {
		var ok bool
		bit := uint(0)
		switch k {
		case "start":
			bit = 1
			var n int
			n, ok = p.integer()
			v.Start = &n
		case "end":
			bit = 2
			var n int
			n, ok = p.integer()
			v.End = &n
		case "text":
			bit = 4
			p.ws()
			if p.peek() == '"' {
				var s string
				s, ok = p.str()
				v.Text = s
				break
			}
			list := []any{}
			ok = p.array(func() bool {
				p.ws()
				s, ok := p.str()
				list = append(list, s)
				return ok
			})
			v.Text = list
		case "labels":
			bit = 8
			v.Labels, ok = p.strings()
		case "choices":
			bit = 16
			v.Choices, ok = p.strings()
		default:
			ok = !foldsTo(k, "start", "end", "text", "labels", "choices") && p.skip(0)
		}
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	})
}

// array calls elem for each element of an array; elem reads it.
func (p *fastParser) array(elem func() bool) bool {
	if !p.byte('[') {
		return false
	}
	p.ws()
	if p.peek() == ']' {
		p.i++
		return true
	}
	for {
		if !elem() {
			return false
		}
		p.ws()
		switch p.peek() {
		case ',':
			p.i++
		case ']':
			p.i++
			return true
		default:
			return false
		}
	}
}

// strings reads an array of strings (never nil).
func (p *fastParser) strings() ([]string, bool) {
	list := []string{}
	ok := p.array(func() bool {
		p.ws()
		s, ok := p.str()
		list = append(list, s)
		return ok
	})
	return list, ok
}

// rawValue reads any value and returns a copy of it as written.
func (p *fastParser) rawValue() (json.RawMessage, bool) {
	p.ws()
	start := p.i
	if !p.skip(0) {
		return nil, false
	}
	return json.RawMessage(p.s[start:p.i]), true
}

// boolean reads true or false.
func (p *fastParser) boolean() (bool, bool) {
	p.ws()
	for _, lit := range [...]string{"true", "false"} {
		if strings.HasPrefix(p.s[p.i:], lit) {
			p.i += len(lit)
			return lit == "true", true
		}
	}
	return false, false
}

// atEnd skips white space and reports whether nothing follows.
func (p *fastParser) atEnd() bool {
	p.ws()
	return p.i == len(p.s)
}

// lsAnnotator returns who made an annotation: completed_by as a user id,
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

func (d *LabelStudioDecoder) spans(rec *Record, an *lsAnnotation, ix *Index) error {
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
			rec.Spans = append(rec.Spans, Span{Start: start, End: end, Label: l, Annotator: rec.Annotator})
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
	SortSpans(rec.Spans)
	return nil
}

// convert maps a result's offsets to code points, checking them against
// value.text when the result has it (see the Label Studio offsets note).
func (d *LabelStudioDecoder) convert(ix *Index, s, e int, text any) (int, int, error) {
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
	if err == nil || !hasText || ix.bmp {
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

// spaceReader reads n spaces.
type spaceReader struct{ n int64 }

func (r *spaceReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), r.n)]
	for i := range p {
		p[i] = ' '
	}
	r.n -= int64(len(p))
	return len(p), nil
}

// errReader returns err.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// lineTracker counts the lines of what passes through it, so that a byte
// offset of a json.Decoder maps to a line. It keeps only the newlines that
// the decoder has read ahead of the last offset asked about: memory stays
// bounded by the decoder's buffer. Offsets asked about must not decrease.
type lineTracker struct {
	r    io.Reader
	off  int64   // bytes read
	nl   []int64 // offsets of newlines at or after the last offset asked about
	base int     // newlines before nl[0]
}

func (t *lineTracker) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	for i := 0; i < n; {
		j := bytes.IndexByte(p[i:n], '\n')
		if j < 0 {
			break
		}
		t.nl = append(t.nl, t.off+int64(i+j))
		i += j + 1
	}
	t.off += int64(n)
	return n, err
}

// lineAt returns the 1-based line of byte offset o.
func (t *lineTracker) lineAt(o int64) int {
	i := sort.Search(len(t.nl), func(i int) bool { return t.nl[i] >= o })
	if i > 0 {
		t.base += i
		t.nl = append(t.nl[:0], t.nl[i:]...)
	}
	return t.base + 1
}

// LabelStudioEncoder writes tasks that Label Studio imports with their
// annotations (Import → JSON), for a labelling config like the one in
// docs/formats.md:
//
//	[{"id":1,"data":{"text":"…","id":"…","title":"…"},
//	  "annotations":[{"id":1,"created_username":"alice","was_cancelled":false,"result":[
//	    {"id":"s1","from_name":"label","to_name":"text","type":"labels",
//	     "value":{"start":0,"end":6,"text":"Canada","labels":["JURISDICTION"]}},
//	    {"id":"s1","from_name":"role","to_name":"text","type":"choices",
//	     "value":{"start":0,"end":6,"choices":["imposing"]}}]}]},…]
//
// One task a record with one annotation (none for an untouched article);
// offsets in code points (UTF-16 code units with utf16 set). A span's
// attributes are per-region choices named for the attribute, its note and
// canonical value per-region textareas "note" and "canonical", so they
// come back on import. completed_by is not written: Label Studio would
// refuse an annotator it does not know; created_username carries the name.
type LabelStudioEncoder struct {
	w     *bufio.Writer
	buf   []byte
	utf16 bool
	n     int
}

// NewLabelStudioEncoder writes to w; call Close to end the array and flush.
func NewLabelStudioEncoder(w io.Writer, utf16 bool) *LabelStudioEncoder {
	return &LabelStudioEncoder{w: bufio.NewWriterSize(w, 1<<16), utf16: utf16}
}

// Encode writes one record as one task.
func (e *LabelStudioEncoder) Encode(r *Record) error {
	a := &r.Article
	e.n++
	b := e.buf[:0]
	if e.n == 1 {
		b = append(b, "[\n"...)
	} else {
		b = append(b, ",\n"...)
	}
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, int64(e.n), 10)
	b = append(b, `,"data":{"text":`...)
	b = AppendJSONString(b, a.Text)
	b = append(b, `,"id":`...)
	b = AppendJSONString(b, a.ExtID)
	b = appendMetaFields(b, a, "text", "id")
	b = append(b, `},"annotations":[`...)
	if r.Annotator != "" || len(r.Spans) > 0 || (r.Status != "" && r.Status != StatusTodo) {
		b = append(b, `{"id":`...)
		b = strconv.AppendInt(b, int64(e.n), 10)
		if r.Annotator != "" {
			b = append(b, `,"created_username":`...)
			b = AppendJSONString(b, r.Annotator)
		}
		b = append(b, `,"was_cancelled":`...)
		b = strconv.AppendBool(b, r.Status == StatusSkipped)
		b = append(b, `,"result":[`...)
		ix := NewIndex(a.Text)
		u := offsetUnit{ix: ix, utf16: e.utf16}
		for i := range r.Spans {
			sp := &r.Spans[i]
			if i > 0 {
				b = append(b, ',')
			}
			id := "s" + strconv.Itoa(i+1)
			text := sp.Text
			if text == "" {
				text = ix.Slice(sp.Start, sp.End)
			}
			region := func(b []byte, from, typ string) []byte {
				b = append(b, `{"id":"`...)
				b = append(b, id...)
				b = append(b, `","from_name":`...)
				b = AppendJSONString(b, from)
				b = append(b, `,"to_name":"text","type":"`...)
				b = append(b, typ...)
				b = append(b, `","value":{"start":`...)
				b = strconv.AppendInt(b, int64(u.from(sp.Start)), 10)
				b = append(b, `,"end":`...)
				b = strconv.AppendInt(b, int64(u.from(sp.End)), 10)
				return b
			}
			b = region(b, "label", "labels")
			b = append(b, `,"text":`...)
			b = AppendJSONString(b, text)
			b = append(b, `,"labels":[`...)
			b = AppendJSONString(b, sp.Label)
			b = append(b, "]}}"...)
			for _, k := range sortedKeys(sp.Attrs) {
				b = append(b, ',')
				b = region(b, k, "choices")
				b = append(b, `,"choices":[`...)
				b = AppendJSONString(b, sp.Attrs[k])
				b = append(b, "]}}"...)
			}
			for _, kv := range [...][2]string{{"note", sp.Note}, {"canonical", sp.Canonical}} {
				if kv[1] == "" {
					continue
				}
				b = append(b, ',')
				b = region(b, kv[0], "textarea")
				b = append(b, `,"text":[`...)
				b = AppendJSONString(b, kv[1])
				b = append(b, "]}}"...)
			}
		}
		b = append(b, "]}"...)
	}
	b = append(b, "]}"...)
	e.buf = b
	_, err := e.w.Write(b)
	return err
}

// Close ends the array, flushes and returns the writer's error.
func (e *LabelStudioEncoder) Close() error {
	end := "\n]\n"
	if e.n == 0 {
		end = "[]\n"
	}
	if _, err := e.w.WriteString(end); err != nil {
		return err
	}
	return e.w.Flush()
}

func sortedKeys(m map[string]string) []string {
	if len(m) == 0 {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
