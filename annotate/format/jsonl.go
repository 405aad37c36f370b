package format

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/tagdesk/tagdesk/annotate"
)

// JSONLDecoder reads the native JSONL and the Prodigy/spaCy shape (`text`
// + `spans` with `start`/`end`/`label`) one record a line. Prodigy's
// `_annotator_id` is the annotator when there is no `annotator`;
// `_input_hash`, `_task_hash`, `tokens` and other unknown keys are
// ignored; records answered "reject" or "ignore" are skipped and counted.
// Relations are read in the native shape (head and child index the spans)
// and in Prodigy's (rel.manual: head_span and child_span name the spans).
// Prodigy's accepted choices (the choice interface: document categories)
// are not imported: a warning gives their count and the first line. Lines may be of any length; memory holds one
// line at a time.
type JSONLDecoder struct {
	warnings
	jsonLines
	skipped int
	choices tally
	// rels is the last line's relations, whose capacity the next line's
	// are decoded into: they are copied into the record, and a slice
	// grown a relation at a time for each line was most of the garbage
	// that relations add to an import.
	rels []jsonRelation
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
			return nil, &annotate.PosError{File: l.name, Line: l.line + 1, Err: err}
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

// tally counts what a reader does not keep, and the line of the first.
type tally struct{ n, first int }

func (t *tally) add(n, line int) {
	if n > 0 && t.n == 0 {
		t.first = line
	}
	t.n += n
}

// tallyWarn warns about t, when it counted anything, as
// "FILE:LINE: N what (the first here)", and clears it.
func (w *warnings) tallyWarn(file string, t *tally, what string) {
	if t.n > 0 {
		w.warnf("%s:%d: %d %s (the first here)", file, t.first, t.n, what)
	}
	*t = tally{}
}

// Skipped returns how many rejected or ignored records were skipped.
func (d *JSONLDecoder) Skipped() int { return d.skipped }

// jsonRecord is the wire shape of one line. Its keys match exactly or
// case-insensitively (readOpts); meta's keys exactly.
type jsonRecord struct {
	ID               jsonID         `json:"id"`
	Text             *string        `json:"text"`
	Meta             jsonMeta       `json:"meta"`
	Annotator        string         `json:"annotator"`
	Status           string         `json:"status"`
	Answer           string         `json:"answer"`
	Spans            []jsonSpan     `json:"spans"`
	ProdigyAnnotator string         `json:"_annotator_id"` // Prodigy's annotator: "dataset-session"
	Relations        []jsonRelation `json:"relations"`     // native, or Prodigy rel.manual
	Accept           listLen        `json:"accept"`        // Prodigy choice: the options chosen
}

type jsonMeta struct {
	Title     string                    `json:"title,case:strict"`
	Source    string                    `json:"source,case:strict"`
	URL       string                    `json:"url,case:strict"`
	Published string                    `json:"published,case:strict"`
	Extra     map[string]jsontext.Value `json:",embed"` // other keys, kept as written
}

type jsonSpan struct {
	Start     offset            `json:"start"`
	End       offset            `json:"end"`
	Label     string            `json:"label"`
	Text      *string           `json:"text"`
	Attrs     map[string]string `json:"attrs"`
	Note      string            `json:"note"`
	Canonical string            `json:"canonical"`
}

// Next returns the next record, io.EOF at the end, or a *PosError naming
// the line. The record is not validated against a schema (see
// Record.Validate) but its text is valid UTF-8 and its spans are complete.
func (d *JSONLDecoder) Next() (*annotate.Record, error) {
	for {
		line, err := d.next()
		if err == io.EOF {
			d.tallyWarn(d.name, &d.choices, `accepted choice(s) ("accept" of Prodigy's choice interface: categories of the whole text) not imported`)
		}
		if err != nil {
			return nil, err
		}
		rec, jr, perr := decodeJSONRecord(line, d.rels[:0])
		if jr != nil {
			d.rels = jr.Relations
		}
		if perr != nil {
			return nil, &annotate.PosError{File: d.name, Line: d.line, Err: perr}
		}
		if rec == nil {
			d.skipped++
			continue
		}
		d.choices.add(int(jr.Accept), d.line)
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

// decodeJSONRecord decodes one line; a nil record without an error is a
// record answered reject or ignore. jr holds the counts of what is not
// kept. The line's relations are decoded into rels (its elements
// overwritten), which the record does not keep.
func decodeJSONRecord(line []byte, rels []jsonRelation) (rec *annotate.Record, jr *jsonRecord, err error) {
	jr = &jsonRecord{Relations: rels}
	if err := unmarshal(line, jr); err != nil {
		return nil, nil, lineErr(line, err)
	}
	if jr.Answer == "reject" || jr.Answer == "ignore" {
		return nil, jr, nil
	}
	if jr.Text == nil {
		return nil, nil, fmt.Errorf("%w: record has no \"text\"", annotate.ErrInvalid)
	}
	if jr.Annotator == "" {
		jr.Annotator = jr.ProdigyAnnotator
	}
	rec = &annotate.Record{Annotator: jr.Annotator}
	a := &rec.Article
	a.ExtID, a.Text = string(jr.ID), *jr.Text
	a.Title, a.Source, a.URL, a.Published = jr.Meta.Title, jr.Meta.Source, jr.Meta.URL, jr.Meta.Published
	if err := takeFlag(rec, jr.Meta.Extra); err != nil {
		return nil, nil, err
	}
	a.Meta = metaOf(jr.Meta.Extra)
	if jr.Status != "" {
		if rec.Status, err = annotate.ParseStatus(jr.Status); err != nil {
			return nil, nil, err
		}
	}
	finishArticle(a)
	rec.Spans = make([]annotate.Span, len(jr.Spans))
	for i := range jr.Spans {
		js := &jr.Spans[i]
		if !js.Start.Set || !js.End.Set {
			return nil, nil, fmt.Errorf("%w: span %d has no start or end", annotate.ErrInvalid, i+1)
		}
		sp := &rec.Spans[i]
		sp.Start, sp.End, sp.Label = js.Start.N, js.End.N, js.Label
		sp.Note, sp.Canonical, sp.Annotator = js.Note, js.Canonical, jr.Annotator
		if len(js.Attrs) > 0 {
			sp.Attrs = js.Attrs
		}
		if js.Text != nil {
			if *js.Text == "" {
				return nil, nil, fmt.Errorf("%w: span %d [%d,%d) has an empty \"text\"", annotate.ErrInvalid, i+1, sp.Start, sp.End)
			}
			sp.Text = *js.Text
		}
	}
	if err := decodeRelations(rec, jr.Relations); err != nil {
		return nil, nil, err
	}
	return rec, jr, nil
}

// JSONLEncoder writes the native JSONL: one record a line, keys in the
// documented order, spans sorted by (start, end, label), each with the
// text it covers, then the relations (when there are any), whose head and
// child index the spans.
type JSONLEncoder struct {
	w   *bufio.Writer
	buf []byte
}

// NewJSONLEncoder writes to w; call Close to flush.
func NewJSONLEncoder(w io.Writer) *JSONLEncoder {
	return &JSONLEncoder{w: bufio.NewWriterSize(w, 1<<16)}
}

// Encode writes one record.
func (e *JSONLEncoder) Encode(r *annotate.Record) error {
	b := e.buf[:0]
	a := &r.Article
	b = append(b, `{"id":`...)
	b = annotate.AppendJSONString(b, a.ExtID)
	b = append(b, `,"text":`...)
	b = annotate.AppendJSONString(b, a.Text)
	b = append(b, `,"meta":{"title":`...)
	b = annotate.AppendJSONString(b, a.Title)
	b = append(b, `,"source":`...)
	b = annotate.AppendJSONString(b, a.Source)
	b = append(b, `,"url":`...)
	b = annotate.AppendJSONString(b, a.URL)
	b = append(b, `,"published":`...)
	b = annotate.AppendJSONString(b, a.Published)
	b, flagged := appendFlag(b, r)
	if len(a.Meta) > 0 {
		keys := make([]string, 0, len(a.Meta))
		for k := range a.Meta {
			if !flagged || (k != "flag" && k != "comment") {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			b = append(b, ',')
			b = annotate.AppendJSONString(b, k)
			b = append(b, ':')
			b = append(b, a.Meta[k]...)
		}
	}
	b = append(b, `},"annotator":`...)
	b = annotate.AppendJSONString(b, r.Annotator)
	st := r.Status
	if st == "" {
		st = annotate.StatusTodo
	}
	b = append(b, `,"status":`...)
	b = annotate.AppendJSONString(b, string(st))
	b = append(b, `,"spans":[`...)
	var ix *annotate.Index
	for i := range r.Spans {
		sp := &r.Spans[i]
		if i > 0 {
			b = append(b, ',')
		}
		text := sp.Text
		if text == "" {
			if ix == nil {
				ix = annotate.NewIndex(a.Text)
			}
			text = ix.Slice(sp.Start, sp.End)
		}
		b = append(b, `{"start":`...)
		b = strconv.AppendInt(b, int64(sp.Start), 10)
		b = append(b, `,"end":`...)
		b = strconv.AppendInt(b, int64(sp.End), 10)
		b = append(b, `,"label":`...)
		b = annotate.AppendJSONString(b, sp.Label)
		b = append(b, `,"text":`...)
		b = annotate.AppendJSONString(b, text)
		b = append(b, `,"attrs":`...)
		b = annotate.AppendAttrs(b, sp.Attrs)
		b = append(b, `,"note":`...)
		b = annotate.AppendJSONString(b, sp.Note)
		b = append(b, `,"canonical":`...)
		b = annotate.AppendJSONString(b, sp.Canonical)
		b = append(b, '}')
	}
	b = append(b, ']')
	b = appendRelations(b, r.Relations)
	b = append(b, "}\n"...)
	e.buf = b
	_, err := e.w.Write(b)
	return err
}

// Close flushes what is buffered and returns the writer's error.
func (e *JSONLEncoder) Close() error { return e.w.Flush() }
