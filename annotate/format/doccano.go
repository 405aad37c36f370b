package format

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/tagdesk/tagdesk/annotate"
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

// doccanoLine is the wire shape of one line. doccano keeps free keys
// beside the text, so the known ones match exactly (case:strict).
type doccanoLine struct {
	Text      *string                   `json:"text,case:strict"`
	ID        jsonID                    `json:"id,case:strict"`
	Label     []doccanoLabel            `json:"label,case:strict"`
	Entities  []doccanoEntity           `json:"entities,case:strict"`
	Relations listLen                   `json:"relations,case:strict"`
	Annotator string                    `json:"annotator,case:strict"`
	Status    string                    `json:"status,case:strict"`
	Extra     map[string]jsontext.Value `json:",embed"`
}

type doccanoEntity struct {
	Label       string `json:"label"`
	StartOffset offset `json:"start_offset"`
	EndOffset   offset `json:"end_offset"`
}

// doccanoLabel is one [start, end, "LABEL"] of the label shape. An offset
// may be written as an integral float (2.0), as the decoder has always
// taken it.
type doccanoLabel struct {
	start, end int
	name       string
}

var (
	errLabelList   = &valueError{msg: `must be a list of [start, end, "LABEL"] (a text-classification file?)`, up: 1}
	errLabelTriple = &valueError{msg: `must be [start, end, "LABEL"]`}
)

func (l *doccanoLabel) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	if k := dec.PeekKind(); k != '[' {
		if k == 0 {
			_, err := dec.ReadToken()
			return err
		}
		return errLabelList
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	var n int
	for ; dec.PeekKind() != ']'; n++ {
		var err error
		switch n {
		case 0:
			l.start, err = doccanoOffset(dec)
		case 1:
			l.end, err = doccanoOffset(dec)
		case 2:
			if dec.PeekKind() != '"' {
				return errLabelTriple
			}
			err = jsonv2.UnmarshalDecode(dec, &l.name)
		default:
			return errLabelTriple
		}
		if err != nil {
			return err
		}
	}
	if n != 3 {
		return errLabelTriple
	}
	_, err := dec.ReadToken()
	return err
}

func doccanoOffset(dec *jsontext.Decoder) (int, error) {
	if dec.PeekKind() != '0' {
		return 0, errLabelTriple
	}
	var f float64
	if err := jsonv2.UnmarshalDecode(dec, &f); err != nil {
		return 0, err
	}
	if f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, errLabelTriple
	}
	return int(f), nil
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
	var dl doccanoLine
	if err := unmarshal(line, &dl); err != nil {
		return nil, lineErr(line, err)
	}
	if dl.Text == nil {
		return nil, fmt.Errorf("%w: record has no \"text\"", annotate.ErrInvalid)
	}
	rec := &annotate.Record{Annotator: dl.Annotator}
	a := &rec.Article
	a.ExtID, a.Text = string(dl.ID), *dl.Text
	if dl.Status != "" {
		st, err := annotate.ParseStatus(dl.Status)
		if err != nil {
			return nil, err
		}
		rec.Status = st
	}
	for k, v := range dl.Extra {
		setMetaField(a, k, v)
	}
	d.relations += int(dl.Relations)
	unit := offsetUnit{ix: annotate.NewIndex(a.Text), utf16: !d.codepoint}
	if n := len(dl.Label) + len(dl.Entities); n > 0 {
		rec.Spans = make([]annotate.Span, 0, n)
	}
	addSpan := func(what string, i int, s, e int, label string) error {
		cs, err := unit.to(s)
		if err == nil {
			var ce int
			if ce, err = unit.to(e); err == nil {
				rec.Spans = append(rec.Spans, annotate.Span{Start: cs, End: ce, Label: label, Annotator: rec.Annotator})
				return nil
			}
		}
		return fmt.Errorf("%w: %s %d [%d,%d) %s: %v", annotate.ErrInvalid, what, i+1, s, e, label, err)
	}
	for i, l := range dl.Label {
		if err := addSpan("label", i, l.start, l.end, l.name); err != nil {
			return nil, err
		}
	}
	for i, en := range dl.Entities {
		if !en.StartOffset.Set || !en.EndOffset.Set {
			return nil, fmt.Errorf("%w: entity %d has no start_offset or end_offset", annotate.ErrInvalid, i+1)
		}
		if err := addSpan("entity", i, en.StartOffset.N, en.EndOffset.N, en.Label); err != nil {
			return nil, err
		}
	}
	annotate.SortSpans(rec.Spans)
	finishArticle(a)
	return rec, nil
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
