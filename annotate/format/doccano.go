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
// line, in the shapes its versions wrote (docs/formats.md):
//
//	{"id":1,"text":"…","label":[[0,6,"ORG"],…]}                       1.7+, and the import shape
//	{"id":1,"data":"…","label":[[0,6,"ORG"],…]}                       1.3–1.6
//	{"id":1,"text":"…","labels":[[0,6,"ORG"],…],"meta":{…}}           1.0–1.2 "JSONL (text label)"
//	{"id":1,"text":"…","annotations":[{"label":3,"start_offset":0,"end_offset":6,"user":1}]}   1.0–1.2 "JSONL"
//	{"id":1,"text":"…","entities":[{"id":7,"label":"ORG","start_offset":0,"end_offset":6}],"relations":[]}
//
// doccano counts offsets in UTF-16 code units, as JavaScript does (an emoji
// outside the BMP counts 2); the decoder converts them to code points. An
// offset inside a surrogate pair is an error naming the line. Files that
// count code points (doccano before 1.5) are read with codepoint set
// (--offsets codepoint); the shape does not tell, so a file with its text
// under "data" and characters outside the BMP gets a warning. "annotator"
// and "status" keys set the record's annotator and status; "title",
// "source", "url" and "published" the article's fields, also inside a
// "meta" object; other keys go to the article's meta. Numeric label ids
// (1.0–1.2 "JSONL") become labels "3" with a warning. Relations (the
// relation shape: from_id and to_id name entities by their id, type is
// the relation type) are imported; one that names no entity of its line
// is an error. Each warning gives a count and the first line.
type DoccanoDecoder struct {
	warnings
	jsonLines
	codepoint  bool
	labelIDs   tally // spans whose label is a number
	users      tally // spans with a user id (not kept)
	dataAstral tally // records with the text under "data", spans and characters outside the BMP, read as UTF-16
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
	Text        *string                   `json:"text,case:strict"`
	Data        jsontext.Value            `json:"data,case:strict"` // the text, in 1.3–1.6
	ID          jsonID                    `json:"id,case:strict"`
	Label       []doccanoLabel            `json:"label,case:strict"`
	Labels      []doccanoLabel            `json:"labels,case:strict"`      // 1.0–1.2 json1
	Annotations []doccanoEntity           `json:"annotations,case:strict"` // 1.0–1.2 json
	Entities    []doccanoEntity           `json:"entities,case:strict"`
	Relations   []doccanoRelation         `json:"relations,case:strict"`
	Annotator   string                    `json:"annotator,case:strict"`
	Status      string                    `json:"status,case:strict"`
	Meta        jsontext.Value            `json:"meta,case:strict"` // an object in 1.0–1.2
	Extra       map[string]jsontext.Value `json:",embed"`
}

type doccanoEntity struct {
	ID          jsontext.Value `json:"id"` // in the relation shape
	Label       labelName      `json:"label"`
	StartOffset offset         `json:"start_offset"`
	EndOffset   offset         `json:"end_offset"`
	User        jsontext.Value `json:"user"`
}

// labelName is an entity's label: a name, or in doccano 1.0–1.2's "JSONL"
// export the label's numeric id, kept as its digits.
type labelName struct {
	S  string
	ID bool // the label was a number
}

func (l *labelName) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	if dec.PeekKind() == '0' {
		tok, err := dec.ReadToken()
		l.S, l.ID = tok.String(), true
		return err
	}
	return jsonv2.UnmarshalDecode(dec, &l.S)
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
	if err == io.EOF {
		d.finish()
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

// finish gives the warnings of the whole file, once.
func (d *DoccanoDecoder) finish() {
	d.tallyWarn(d.name, &d.labelIDs, `span(s) with a numeric label id, not a name (doccano 1.0–1.2 "JSONL" export): imported with the id as the label ("3"); doccano's "JSONL (text label)" export has the names`)
	d.tallyWarn(d.name, &d.users, "span(s) with a doccano user id: not kept (pass --annotator)")
	d.tallyWarn(d.name, &d.dataAstral, `record(s) with the text under "data" (doccano 1.3–1.6) and characters outside the BMP: offsets read as UTF-16 code units, as doccano 1.5 and 1.6 count them; a file from doccano 1.3 or 1.4 counts code points (import it with --offsets codepoint)`)
}

// text returns the record's text: "text", else "data" (doccano 1.3–1.6)
// when it is a string; data reports the latter.
func (dl *doccanoLine) text() (text string, data bool, err error) {
	if dl.Text != nil {
		if dl.Data != nil {
			dl.Extra = withKey(dl.Extra, "data", dl.Data)
		}
		return *dl.Text, false, nil
	}
	if dl.Data.Kind() == '"' {
		err := unmarshal(dl.Data, &text)
		return text, true, err
	}
	return "", false, fmt.Errorf("%w: record has no \"text\" (nor \"data\", doccano 1.3–1.6's key for it)", annotate.ErrInvalid)
}

// spreadMeta sets the article's fields and meta from doccano 1.0–1.2's
// "meta" object, whose keys sit at the top level from 1.3 on; a key at
// the top level wins. A "meta" that is not an object is a meta key.
func spreadMeta(a *annotate.Article, meta jsontext.Value, top map[string]jsontext.Value) error {
	if meta.Kind() != '{' {
		if meta != nil {
			setMetaField(a, "meta", meta)
		}
		return nil
	}
	var m map[string]jsontext.Value
	if err := unmarshal(meta, &m); err != nil {
		return fmt.Errorf("%w: meta: %s", annotate.ErrInvalid, jsonErrText(err, false, 0))
	}
	for k, v := range m {
		if _, ok := top[k]; !ok {
			setMetaField(a, k, v)
		}
	}
	return nil
}

func withKey(m map[string]jsontext.Value, k string, v jsontext.Value) map[string]jsontext.Value {
	if m == nil {
		m = map[string]jsontext.Value{}
	}
	m[k] = v
	return m
}

func (d *DoccanoDecoder) decode(line []byte) (*annotate.Record, error) {
	var dl doccanoLine
	if err := unmarshal(line, &dl); err != nil {
		return nil, lineErr(line, err)
	}
	text, data, err := dl.text()
	if err != nil {
		return nil, err
	}
	rec := &annotate.Record{Annotator: dl.Annotator}
	a := &rec.Article
	a.ExtID, a.Text = string(dl.ID), text
	if dl.Status != "" {
		st, err := annotate.ParseStatus(dl.Status)
		if err != nil {
			return nil, err
		}
		rec.Status = st
	}
	if err := spreadMeta(a, dl.Meta, dl.Extra); err != nil {
		return nil, err
	}
	for k, v := range dl.Extra {
		setMetaField(a, k, v)
	}
	ix := annotate.NewIndex(a.Text)
	unit := offsetUnit{ix: ix, utf16: !d.codepoint}
	if n := len(dl.Label) + len(dl.Labels) + len(dl.Annotations) + len(dl.Entities); n > 0 {
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
		if data && !d.codepoint {
			err = fmt.Errorf("%v; the text is under \"data\", as doccano 1.3–1.6 write it, and 1.3 and 1.4 count code points", err)
		}
		return fmt.Errorf("%w: %s %d [%d,%d) %s: %v", annotate.ErrInvalid, what, i+1, s, e, label, err)
	}
	for _, list := range [...]struct {
		what string
		l    []doccanoLabel
	}{{"label", dl.Label}, {"labels", dl.Labels}} {
		for i, l := range list.l {
			if err := addSpan(list.what, i, l.start, l.end, l.name); err != nil {
				return nil, err
			}
		}
	}
	var entityIdx map[string]int // entity id → span index
	for _, list := range [...]struct {
		what string
		l    []doccanoEntity
	}{{"annotation", dl.Annotations}, {"entity", dl.Entities}} {
		for i, en := range list.l {
			if en.ID != nil && len(dl.Relations) > 0 {
				if entityIdx == nil {
					entityIdx = map[string]int{}
				}
				entityIdx[string(en.ID)] = len(rec.Spans)
			}
			if !en.StartOffset.Set || !en.EndOffset.Set {
				return nil, fmt.Errorf("%w: %s %d has no start_offset or end_offset", annotate.ErrInvalid, list.what, i+1)
			}
			if en.Label.ID {
				d.labelIDs.add(1, d.line)
			}
			if en.User != nil && en.User.Kind() != 'n' {
				d.users.add(1, d.line)
			}
			if err := addSpan(list.what, i, en.StartOffset.N, en.EndOffset.N, en.Label.S); err != nil {
				return nil, err
			}
		}
	}
	if data && !d.codepoint && !ix.BMP() && len(rec.Spans) > 0 {
		d.dataAstral.add(1, d.line)
	}
	if len(dl.Relations) > 0 {
		if rec.Relations, err = doccanoRelations(dl.Relations, entityIdx); err != nil {
			return nil, err
		}
	}
	rec.Sort()
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
// canonical value have no place in doccano and are not written. A record
// with relations is written in doccano's relation shape instead of
// "label" (`"entities":[{"id","label","start_offset","end_offset"}],
// "relations":[{"id","from_id","to_id","type"}]`); a relation's note is
// not written.
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
	var unit offsetUnit
	if !e.codepoint && len(r.Spans) > 0 {
		unit = offsetUnit{ix: annotate.NewIndex(a.Text), utf16: true}
	}
	if len(r.Relations) > 0 {
		b = appendDoccanoRelational(b, r, unit)
	} else {
		b = e.appendLabels(b, r, unit)
	}
	b = append(b, `,"annotator":`...)
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

// appendLabels appends r's spans as `,"label":[[start,end,"LABEL"],…]`.
func (e *DoccanoEncoder) appendLabels(b []byte, r *annotate.Record, unit offsetUnit) []byte {
	b = append(b, `,"label":[`...)
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
	return append(b, ']')
}

// Close flushes what is buffered and returns the writer's error.
func (e *DoccanoEncoder) Close() error { return e.w.Flush() }
