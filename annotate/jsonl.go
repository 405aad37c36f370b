package annotate

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"unicode/utf8"
)

// JSONLDecoder reads the native JSONL and the Prodigy/spaCy shape (`text`
// + `spans` with `start`/`end`/`label`) one record a line. Prodigy's
// `_input_hash`, `_task_hash`, `tokens` and other unknown keys are
// ignored; records answered "reject" or "ignore" are skipped and counted.
// Lines may be of any length; memory holds one line at a time.
type JSONLDecoder struct {
	jsonLines
	skipped int
}

// NewJSONLDecoder reads from r; name is the file name used in errors.
func NewJSONLDecoder(r io.Reader, name string) *JSONLDecoder {
	return &JSONLDecoder{jsonLines: newJSONLines(r, name)}
}

// jsonLines reads a JSON Lines file a line at a time, for the JSONL
// readers: lines of any length, counted; line ends, and a BOM before the
// first line, dropped; blank lines skipped.
type jsonLines struct {
	r    *bufio.Reader
	name string
	line int
	buf  []byte
}

func newJSONLines(r io.Reader, name string) jsonLines {
	return jsonLines{r: bufio.NewReaderSize(r, 1<<20), name: name}
}

// Line returns the number of the line last returned.
func (l *jsonLines) Line() int { return l.line }

// next returns the next line that is not blank (valid until the next
// call), io.EOF at the end, or a *PosError for a read error.
func (l *jsonLines) next() ([]byte, error) {
	for {
		line, err := readLine(l.r, l.buf[:0])
		l.buf = line
		if err == io.EOF && len(line) == 0 {
			return nil, io.EOF
		}
		if err != nil && err != io.EOF {
			return nil, &PosError{File: l.name, Line: l.line + 1, Err: err}
		}
		l.line++
		line = bytes.TrimRight(line, "\r\n")
		if l.line == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf")) // a BOM before the first record
		}
		if len(bytes.TrimSpace(line)) > 0 {
			return line, nil
		}
	}
}

// Skipped returns how many rejected or ignored records were skipped.
func (d *JSONLDecoder) Skipped() int { return d.skipped }

// jsonRecord is the wire shape of one line.
type jsonRecord struct {
	ID        *json.RawMessage           `json:"id"`
	Text      *string                    `json:"text"`
	Meta      map[string]json.RawMessage `json:"meta"`
	Annotator string                     `json:"annotator"`
	Status    string                     `json:"status"`
	Answer    string                     `json:"answer"`
	Spans     []jsonSpan                 `json:"spans"`
}

type jsonSpan struct {
	Start     *int              `json:"start"`
	End       *int              `json:"end"`
	Label     string            `json:"label"`
	Text      *string           `json:"text"`
	Attrs     map[string]string `json:"attrs"`
	Note      string            `json:"note"`
	Canonical string            `json:"canonical"`
}

// Next returns the next record, io.EOF at the end, or a *PosError naming
// the line. The record is not validated against a schema (see
// Record.Validate) but its text is valid UTF-8 and its spans are complete.
func (d *JSONLDecoder) Next() (*Record, error) {
	for {
		line, err := d.next()
		if err != nil {
			return nil, err
		}
		rec, skip, perr := decodeJSONRecord(line)
		if perr != nil {
			return nil, &PosError{File: d.name, Line: d.line, Err: perr}
		}
		if skip {
			d.skipped++
			continue
		}
		return rec, nil
	}
}

// readLine reads one line of any length into buf.
func readLine(r *bufio.Reader, buf []byte) ([]byte, error) {
	for {
		chunk, err := r.ReadSlice('\n')
		buf = append(buf, chunk...)
		if err != bufio.ErrBufferFull {
			return buf, err
		}
	}
}

func decodeJSONRecord(line []byte) (*Record, bool, error) {
	if !utf8.Valid(line) {
		return nil, false, fmt.Errorf("%w: line is not valid UTF-8", ErrInvalid)
	}
	if rec, skip, ok := fastDecodeRecord(line); ok {
		return rec, skip, nil
	}
	return decodeJSONRecordStd(line)
}

// decodeJSONRecordStd decodes one valid UTF-8 line with encoding/json: the
// reference that fastDecodeRecord must agree with, and the path for every
// line it gives up on.
func decodeJSONRecordStd(line []byte) (*Record, bool, error) {
	var jr jsonRecord
	if err := json.Unmarshal(line, &jr); err != nil {
		return nil, false, fmt.Errorf("%w: %s", ErrInvalid, jsonErrText(err))
	}
	if jr.Answer == "reject" || jr.Answer == "ignore" {
		return nil, true, nil
	}
	if jr.Text == nil {
		return nil, false, fmt.Errorf("%w: record has no \"text\"", ErrInvalid)
	}
	rec := &Record{Annotator: jr.Annotator}
	a := &rec.Article
	a.Text = *jr.Text
	if jr.Status != "" {
		st, err := ParseStatus(jr.Status)
		if err != nil {
			return nil, false, err
		}
		rec.Status = st
	}
	if jr.ID != nil {
		var s string
		if err := json.Unmarshal(*jr.ID, &s); err == nil {
			a.ExtID = s
		} else {
			a.ExtID = string(*jr.ID) // a numeric id keeps its digits
		}
	}
	for k, v := range jr.Meta {
		if !isArticleField(k) {
			if a.Meta == nil {
				a.Meta = map[string]json.RawMessage{}
			}
			a.Meta[k] = v
			continue
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return nil, false, fmt.Errorf("%w: meta.%s must be a string", ErrInvalid, k)
		}
		a.setField(k, s)
	}
	if a.ExtID == "" {
		a.ExtID = TextID(a.Text)
	}
	if a.Title == "" {
		a.Title = TitleOf(a.Text)
	}
	rec.Spans = make([]Span, len(jr.Spans))
	for i, js := range jr.Spans {
		if js.Start == nil || js.End == nil {
			return nil, false, fmt.Errorf("%w: span %d has no start or end", ErrInvalid, i+1)
		}
		sp := &rec.Spans[i]
		sp.Start, sp.End, sp.Label = *js.Start, *js.End, js.Label
		sp.Note, sp.Canonical, sp.Annotator = js.Note, js.Canonical, jr.Annotator
		if len(js.Attrs) > 0 {
			sp.Attrs = js.Attrs
		}
		if js.Text != nil {
			if *js.Text == "" {
				return nil, false, fmt.Errorf("%w: span %d [%d,%d) has an empty \"text\"", ErrInvalid, i+1, sp.Start, sp.End)
			}
			sp.Text = *js.Text
		}
	}
	return rec, false, nil
}

func jsonErrText(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("malformed JSON at column %d: %v", se.Offset, se)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("%s must be %s, not %s", te.Field, te.Type, te.Value)
	}
	return "malformed JSON: " + err.Error()
}

// TextID returns the stable id given to an article that comes without one:
// the first 16 hex digits of the SHA-256 of its text.
func TextID(text string) string {
	h := sha256.Sum256([]byte(text))
	return hex.EncodeToString(h[:8])
}

// TitleOf returns the first non-empty line of text, trimmed, at most 200
// code points.
func TitleOf(text string) string {
	for len(text) > 0 {
		i := bytes.IndexByte([]byte(text), '\n')
		line := text
		if i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		line = string(bytes.TrimSpace([]byte(line)))
		line = string(bytes.TrimPrefix([]byte(line), []byte("\ufeff")))
		if line != "" {
			if utf8.RuneCountInString(line) > 200 {
				line = string([]rune(line)[:200])
			}
			return line
		}
	}
	return ""
}

// JSONLEncoder writes the native JSONL: one record a line, keys in the
// documented order, spans sorted by (start, end, label), each with the
// text it covers.
type JSONLEncoder struct {
	w   *bufio.Writer
	buf []byte
}

// NewJSONLEncoder writes to w; call Close to flush.
func NewJSONLEncoder(w io.Writer) *JSONLEncoder {
	return &JSONLEncoder{w: bufio.NewWriterSize(w, 1<<16)}
}

// Encode writes one record.
func (e *JSONLEncoder) Encode(r *Record) error {
	b := e.buf[:0]
	a := &r.Article
	b = append(b, `{"id":`...)
	b = AppendJSONString(b, a.ExtID)
	b = append(b, `,"text":`...)
	b = AppendJSONString(b, a.Text)
	b = append(b, `,"meta":{"title":`...)
	b = AppendJSONString(b, a.Title)
	b = append(b, `,"source":`...)
	b = AppendJSONString(b, a.Source)
	b = append(b, `,"url":`...)
	b = AppendJSONString(b, a.URL)
	b = append(b, `,"published":`...)
	b = AppendJSONString(b, a.Published)
	if len(a.Meta) > 0 {
		keys := make([]string, 0, len(a.Meta))
		for k := range a.Meta {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			b = append(b, ',')
			b = AppendJSONString(b, k)
			b = append(b, ':')
			b = append(b, a.Meta[k]...)
		}
	}
	b = append(b, `},"annotator":`...)
	b = AppendJSONString(b, r.Annotator)
	st := r.Status
	if st == "" {
		st = StatusTodo
	}
	b = append(b, `,"status":`...)
	b = AppendJSONString(b, string(st))
	b = append(b, `,"spans":[`...)
	var ix *Index
	for i := range r.Spans {
		sp := &r.Spans[i]
		if i > 0 {
			b = append(b, ',')
		}
		text := sp.Text
		if text == "" {
			if ix == nil {
				ix = NewIndex(a.Text)
			}
			text = ix.Slice(sp.Start, sp.End)
		}
		b = append(b, `{"start":`...)
		b = strconv.AppendInt(b, int64(sp.Start), 10)
		b = append(b, `,"end":`...)
		b = strconv.AppendInt(b, int64(sp.End), 10)
		b = append(b, `,"label":`...)
		b = AppendJSONString(b, sp.Label)
		b = append(b, `,"text":`...)
		b = AppendJSONString(b, text)
		b = append(b, `,"attrs":{`...)
		b = appendAttrs(b, sp.Attrs)
		b = append(b, `},"note":`...)
		b = AppendJSONString(b, sp.Note)
		b = append(b, `,"canonical":`...)
		b = AppendJSONString(b, sp.Canonical)
		b = append(b, '}')
	}
	b = append(b, "]}\n"...)
	e.buf = b
	_, err := e.w.Write(b)
	return err
}

// Close flushes what is buffered and returns the writer's error.
func (e *JSONLEncoder) Close() error { return e.w.Flush() }

func appendAttrs(b []byte, attrs map[string]string) []byte {
	if len(attrs) == 1 {
		for k, v := range attrs {
			b = AppendJSONString(b, k)
			b = append(b, ':')
			return AppendJSONString(b, v)
		}
	}
	keys := make([]string, 0, len(attrs))
	for k := range attrs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = AppendJSONString(b, k)
		b = append(b, ':')
		b = AppendJSONString(b, attrs[k])
	}
	return b
}

// AppendJSONString appends s as a JSON string. Non-ASCII text is written
// as UTF-8, not escaped; control characters, quote and backslash are
// escaped, and U+2028/U+2029 too, so the line is also valid JavaScript.
func AppendJSONString(b []byte, s string) []byte {
	const hexd = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < 0x80 {
			i++
			continue
		}
		if c < 0x80 {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexd[c>>4], hexd[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexd[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
