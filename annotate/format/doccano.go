package format

import (
	"bufio"
	"encoding/json"
	"fmt"
	"github.com/tagdesk/tagdesk/annotate"
	"io"
	"math"
	"strconv"
	"unicode/utf8"
)

// DoccanoDecoder reads doccano's sequence-labelling JSONL, one record a
// line, in either of its shapes:
//
//	{"id":1,"text":"…","label":[[0,6,"ORG"],…]}
//	{"id":1,"text":"…","entities":[{"id":7,"label":"ORG","start_offset":0,"end_offset":6}],"relations":[]}
//
// doccano counts offsets in UTF-16 code units, as JavaScript does (an emoji
// outside the BMP counts 2); the decoder converts them to code points. An
// offset inside a surrogate pair is an error naming the line. Files that
// count code points are read with codepoint set (--offsets codepoint).
// "annotator" and "status" keys set the record's annotator and status;
// "title", "source", "url" and "published" the article's fields; other
// keys go to the article's meta. Relations are not imported (a warning).
type DoccanoDecoder struct {
	warnings
	jsonLines
	codepoint bool
	relations int
}

// NewDoccanoDecoder reads from r; name is the file name used in errors.
func NewDoccanoDecoder(r io.Reader, name string, codepoint bool) *DoccanoDecoder {
	return &DoccanoDecoder{jsonLines: newJSONLines(r, name), codepoint: codepoint}
}

// Skipped returns 0: doccano has no rejected records.
func (d *DoccanoDecoder) Skipped() int { return 0 }

type doccanoEntity struct {
	Label       string `json:"label"`
	StartOffset *int   `json:"start_offset"`
	EndOffset   *int   `json:"end_offset"`
}

// Next returns the next record, io.EOF at the end, or a *PosError.
func (d *DoccanoDecoder) Next() (*annotate.Record, error) {
	line, err := d.next()
	if err == io.EOF && d.relations > 0 {
		d.warnf("%s: %d relation(s) not imported (tagdesk keeps spans only)", d.name, d.relations)
		d.relations = 0
	}
	if err != nil {
		return nil, err
	}
	rec, err := d.decode(line)
	if err != nil {
		return nil, &annotate.PosError{File: d.name, Line: d.line, Err: err}
	}
	return rec, nil
}

func (d *DoccanoDecoder) decode(line []byte) (*annotate.Record, error) {
	if !utf8.Valid(line) {
		return nil, fmt.Errorf("%w: line is not valid UTF-8", annotate.ErrInvalid)
	}
	if rec, rels, ok := fastDoccano(line, d.codepoint); ok {
		d.relations += rels
		return rec, nil
	}
	return d.decodeStd(line)
}

// decodeStd decodes one valid UTF-8 line with encoding/json: the
// reference that fastDoccano must agree with.
func (d *DoccanoDecoder) decodeStd(line []byte) (*annotate.Record, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(line, &m); err != nil {
		return nil, fmt.Errorf("%w: %s", annotate.ErrInvalid, jsonErrText(err))
	}
	rawText, ok := m["text"]
	if !ok {
		return nil, fmt.Errorf("%w: record has no \"text\"", annotate.ErrInvalid)
	}
	rec := &annotate.Record{}
	a := &rec.Article
	if err := json.Unmarshal(rawText, &a.Text); err != nil {
		return nil, fmt.Errorf("%w: text must be a string", annotate.ErrInvalid)
	}
	ix := annotate.NewIndex(a.Text)
	unit := offsetUnit{ix: ix, utf16: !d.codepoint}
	addSpan := func(i int, s, e int, label string) error {
		cs, err := unit.to(s)
		if err == nil {
			var ce int
			ce, err = unit.to(e)
			if err == nil {
				rec.Spans = append(rec.Spans, annotate.Span{Start: cs, End: ce, Label: label})
				return nil
			}
		}
		return fmt.Errorf("%w: label %d [%d,%d) %s: %v", annotate.ErrInvalid, i+1, s, e, label, err)
	}
	for k, v := range m {
		switch k {
		case "text":
		case "id":
			id, err := jsonID(v)
			if err != nil {
				return nil, fmt.Errorf("%w: %v", annotate.ErrInvalid, err)
			}
			a.ExtID = id
		case "label":
			var labels [][]any
			if err := json.Unmarshal(v, &labels); err != nil {
				return nil, fmt.Errorf("%w: \"label\" must be a list of [start, end, \"LABEL\"] (a text-classification file?)", annotate.ErrInvalid)
			}
			for i, l := range labels {
				s, okS := jsonInt(l, 0)
				e, okE := jsonInt(l, 1)
				name, okL := "", len(l) == 3
				if okL {
					name, okL = l[2].(string)
				}
				if !okS || !okE || !okL {
					return nil, fmt.Errorf("%w: label %d must be [start, end, \"LABEL\"]", annotate.ErrInvalid, i+1)
				}
				if err := addSpan(i, s, e, name); err != nil {
					return nil, err
				}
			}
		case "entities":
			var ents []doccanoEntity
			if err := json.Unmarshal(v, &ents); err != nil {
				return nil, fmt.Errorf("%w: \"entities\": %s", annotate.ErrInvalid, jsonErrText(err))
			}
			for i, en := range ents {
				if en.StartOffset == nil || en.EndOffset == nil {
					return nil, fmt.Errorf("%w: entity %d has no start_offset or end_offset", annotate.ErrInvalid, i+1)
				}
				if err := addSpan(i, *en.StartOffset, *en.EndOffset, en.Label); err != nil {
					return nil, err
				}
			}
		case "relations":
			var rels []json.RawMessage
			if json.Unmarshal(v, &rels) == nil {
				d.relations += len(rels)
			}
		case "annotator":
			if err := json.Unmarshal(v, &rec.Annotator); err != nil {
				return nil, fmt.Errorf("%w: annotator must be a string", annotate.ErrInvalid)
			}
		case "status":
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				return nil, fmt.Errorf("%w: status must be a string", annotate.ErrInvalid)
			}
			st, err := annotate.ParseStatus(s)
			if err != nil {
				return nil, err
			}
			rec.Status = st
		default:
			setMetaField(a, k, v)
		}
	}
	for i := range rec.Spans {
		rec.Spans[i].Annotator = rec.Annotator
	}
	annotate.SortSpans(rec.Spans)
	finishArticle(a)
	return rec, nil
}

// fieldBit numbers the article fields a format may keep beside the text.
func fieldBit(k string) uint {
	switch k {
	case "title":
		return 0
	case "source":
		return 1
	case "url":
		return 2
	}
	return 3
}

// jsonInt returns l[i] as an int when it is an integral number.
func jsonInt(l []any, i int) (int, bool) {
	if i >= len(l) {
		return 0, false
	}
	f, ok := l[i].(float64)
	if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, false
	}
	return int(f), true
}

// DoccanoEncoder writes doccano's sequence-labelling JSONL, which doccano
// imports into a sequence-labelling project:
//
//	{"id":"…","text":"…","label":[[0,6,"ORG"],…],"annotator":"…","status":"…","title":"…",…}
//
// Offsets are UTF-16 code units (code points with codepoint set). The
// article's title, source, url, published and meta keys are written beside
// the text, where doccano keeps them as metadata. A span's attrs, note and
// canonical value have no place in doccano and are not written.
type DoccanoEncoder struct {
	w         *bufio.Writer
	buf       []byte
	codepoint bool
}

// NewDoccanoEncoder writes to w; call Close to flush.
func NewDoccanoEncoder(w io.Writer, codepoint bool) *DoccanoEncoder {
	return &DoccanoEncoder{w: bufio.NewWriterSize(w, 1<<16), codepoint: codepoint}
}

// Encode writes one record.
func (e *DoccanoEncoder) Encode(r *annotate.Record) error {
	a := &r.Article
	b := e.buf[:0]
	b = append(b, `{"id":`...)
	b = annotate.AppendJSONString(b, a.ExtID)
	b = append(b, `,"text":`...)
	b = annotate.AppendJSONString(b, a.Text)
	b = append(b, `,"label":[`...)
	var unit offsetUnit
	if !e.codepoint && len(r.Spans) > 0 {
		unit = offsetUnit{ix: annotate.NewIndex(a.Text), utf16: true}
	}
	for i := range r.Spans {
		sp := &r.Spans[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(unit.from(sp.Start)), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(unit.from(sp.End)), 10)
		b = append(b, ',')
		b = annotate.AppendJSONString(b, sp.Label)
		b = append(b, ']')
	}
	b = append(b, `],"annotator":`...)
	b = annotate.AppendJSONString(b, r.Annotator)
	st := r.Status
	if st == "" {
		st = annotate.StatusTodo
	}
	b = append(b, `,"status":`...)
	b = annotate.AppendJSONString(b, string(st))
	b = appendMetaFields(b, a, "id", "text", "label", "entities", "relations", "annotator", "status")
	b = append(b, "}\n"...)
	e.buf = b
	_, err := e.w.Write(b)
	return err
}

// Close flushes what is buffered and returns the writer's error.
func (e *DoccanoEncoder) Close() error { return e.w.Flush() }
