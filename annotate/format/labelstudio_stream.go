package format

// Streaming the tasks of a Label Studio export: a jsontext.Decoder reads
// the array token by token and decodes one task at a time, so memory
// holds one task; its errors carry absolute byte offsets, which lineIndex
// turns into exact lines (syntax errors, values of the wrong type and a
// file cut short alike).

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/tagdesk/tagdesk/annotate"
)

// readTask reads the next task into d.queue, or the end of the array.
func (d *LabelStudioDecoder) readTask() error {
	if !d.started {
		d.started = true
		tok, err := d.dec.ReadToken()
		if err == io.EOF {
			return d.errAt(1, fmt.Errorf("%w: file holds no JSON", annotate.ErrInvalid))
		}
		if err != nil {
			return d.streamErr(err)
		}
		if tok.Kind() != '[' {
			return d.errAt(1, fmt.Errorf("%w: a Label Studio export is a JSON array of tasks (got %s)", annotate.ErrInvalid, kindWord(tok.Kind())))
		}
	}
	if d.dec.PeekKind() == ']' {
		d.dec.ReadToken()
		if _, err := d.dec.ReadToken(); err != io.EOF {
			if err == nil {
				err = &jsontext.SyntacticError{ByteOffset: d.dec.InputOffset() - 1, Err: errAfterArray}
			}
			return d.streamErr(err)
		}
		d.finish()
		return nil
	}
	// The task starts at its "{", after the comma and white space that
	// PeekKind looked past (a syntax error there is UnmarshalDecode's).
	start := d.dec.InputOffset()
	if i := bytes.IndexByte(d.dec.UnreadBuffer(), '{'); i >= 0 {
		start += int64(i)
	}
	d.line = d.li.line(start)
	d.taskCount++
	var recs []*annotate.Record
	var err error
	switch {
	case d.taskCount == 1:
		return d.readFirst(start)
	case d.min:
		var m map[string]jsontext.Value
		if err := jsonv2.UnmarshalDecode(d.dec, &m); err != nil {
			return d.streamErr(err)
		}
		recs, err = d.minRecords(m)
	default:
		var task lsTask
		if err := jsonv2.UnmarshalDecode(d.dec, &task); err != nil {
			return d.streamErr(err)
		}
		recs, err = d.records(&task)
	}
	return d.queueRecords(recs, err)
}

func (d *LabelStudioDecoder) queueRecords(recs []*annotate.Record, err error) error {
	if err != nil {
		return d.errAt(d.line, fmt.Errorf("%w: task %d: %v", annotate.ErrInvalid, d.taskCount, err))
	}
	d.queue = append(d.queue, recs...)
	return nil
}

// readFirst reads the first task, which tells the shape of the file: a
// task with "data" is Label Studio's JSON export, one with "text" and no
// "data" the converter's JSON-MIN.
func (d *LabelStudioDecoder) readFirst(start int64) error {
	v, err := d.dec.ReadValue()
	if err != nil {
		return d.streamErr(err)
	}
	var shape struct {
		Data jsontext.Value `json:"data,case:strict"`
		Text jsontext.Value `json:"text,case:strict"`
	}
	if err := unmarshal(v, &shape); err != nil {
		return d.firstErr(err, start)
	}
	if shape.Data == nil && shape.Text != nil {
		d.min = true
		var m map[string]jsontext.Value
		if err := unmarshal(v, &m); err != nil {
			return d.firstErr(err, start)
		}
		return d.queueRecords(d.minRecords(m))
	}
	var task lsTask
	if err := unmarshal(v, &task); err != nil {
		return d.firstErr(err, start)
	}
	return d.queueRecords(d.records(&task))
}

// firstErr places an error of decoding the first task, read on its own,
// in the stream: its offset and JSON pointer become the stream's.
func (d *LabelStudioDecoder) firstErr(err error, start int64) error {
	var se *jsontext.SyntacticError
	var me *jsonv2.SemanticError
	switch {
	case errors.As(err, &se):
		se.ByteOffset += start
		se.JSONPointer = "/0" + se.JSONPointer
	case errors.As(err, &me):
		me.ByteOffset += start
		me.JSONPointer = "/0" + me.JSONPointer
	}
	return d.streamErr(err)
}

var errAfterArray = errors.New("data after the end of the JSON array")

// streamErr places an error of the decoder at the line of its offset.
func (d *LabelStudioDecoder) streamErr(err error) error {
	var se *jsontext.SyntacticError
	var me *jsonv2.SemanticError
	switch {
	case errors.As(err, &se) && se.Err == errAfterArray:
		return d.errAt(d.li.line(se.ByteOffset), fmt.Errorf("%w: %v", annotate.ErrInvalid, errAfterArray))
	case errors.As(err, &se) && errors.Is(se.Err, io.ErrUnexpectedEOF):
		return d.errAt(d.li.line(se.ByteOffset), fmt.Errorf("%w: the JSON array ends too early", annotate.ErrInvalid))
	case errors.As(err, &se):
		return d.errAt(d.li.line(se.ByteOffset), fmt.Errorf("%w: %s", annotate.ErrInvalid, jsonErrText(err, false, 1)))
	case errors.As(err, &me):
		return d.errAt(d.li.line(me.ByteOffset), fmt.Errorf("%w: task %d: %s", annotate.ErrInvalid, d.taskCount, jsonErrText(err, false, 1)))
	}
	// A read error: the line the decoder had got to.
	return d.errAt(d.li.line(d.li.off), err)
}

// lineIndex passes the bytes of a reader through and remembers where the
// newlines are, so that a byte offset of the decoder maps to a line. It
// keeps only the newlines at or after the last offset asked about:
// memory stays bounded by the decoder's read-ahead. Offsets asked about
// must not decrease.
type lineIndex struct {
	r    io.Reader
	off  int64   // bytes read
	nl   []int64 // offsets of the newlines at or after the last offset asked about
	base int     // newlines before nl[0]
}

func (t *lineIndex) Read(p []byte) (int, error) {
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

// line returns the 1-based line of byte offset o.
func (t *lineIndex) line(o int64) int {
	i := sort.Search(len(t.nl), func(i int) bool { return t.nl[i] >= o })
	if i > 0 {
		t.base += i
		t.nl = append(t.nl[:0], t.nl[i:]...)
	}
	return t.base + 1
}
