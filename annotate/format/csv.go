package format

import (
	"encoding/csv"
	"github.com/tagdesk/tagdesk/annotate"
	"io"
	"strconv"
)

// CSVHeader is the header row of the csv export.
var CSVHeader = []string{"article_id", "start", "end", "label", "text", "attributes", "note", "canonical", "annotator"}

// CSVEncoder writes one span a row, for spreadsheets (RFC 4180 through
// encoding/csv, a header row first): the article's id, start and end (code
// points, or UTF-16 code units with utf16 set), label, the covered text,
// the attributes as a JSON object, note, canonical value and annotator.
// Records without spans write no row. The csv format is export only: its
// rows do not carry the articles' text.
type CSVEncoder struct {
	w      *csv.Writer
	utf16  bool
	header bool
	row    []string
	buf    []byte
}

// NewCSVEncoder writes to w; call Close to flush.
func NewCSVEncoder(w io.Writer, utf16 bool) *CSVEncoder {
	return &CSVEncoder{w: csv.NewWriter(w), utf16: utf16, row: make([]string, len(CSVHeader))}
}

// Encode writes one row per span of r.
func (e *CSVEncoder) Encode(r *annotate.Record) error {
	if !e.header {
		e.header = true
		if err := e.w.Write(CSVHeader); err != nil {
			return err
		}
	}
	if len(r.Spans) == 0 {
		return nil
	}
	ix := annotate.NewIndex(r.Article.Text)
	u := offsetUnit{ix: ix, utf16: e.utf16}
	for i := range r.Spans {
		sp := &r.Spans[i]
		text := sp.Text
		if text == "" {
			text = ix.Slice(sp.Start, sp.End)
		}
		e.buf = annotate.AppendAttrs(e.buf[:0], sp.Attrs)
		annotator := sp.Annotator
		if annotator == "" {
			annotator = r.Annotator
		}
		row := e.row
		row[0] = r.Article.ExtID
		row[1] = strconv.Itoa(u.from(sp.Start))
		row[2] = strconv.Itoa(u.from(sp.End))
		row[3] = sp.Label
		row[4] = text
		row[5] = string(e.buf)
		row[6] = sp.Note
		row[7] = sp.Canonical
		row[8] = annotator
		if err := e.w.Write(row); err != nil {
			return err
		}
	}
	return nil
}

// Close writes the header if nothing else was written, flushes, and
// returns the writer's error.
func (e *CSVEncoder) Close() error {
	if !e.header {
		e.header = true
		if err := e.w.Write(CSVHeader); err != nil {
			return err
		}
	}
	e.w.Flush()
	return e.w.Error()
}
