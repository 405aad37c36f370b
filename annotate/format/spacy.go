package format

import (
	"bufio"
	"github.com/tagdesk/tagdesk/annotate"
	"io"
)

// SpacyEncoder writes Prodigy/spaCy JSONL, one record a line, in the shape
// Prodigy's db-out writes and spacy's converters and `prodigy data-to-spacy`
// read:
//
//	{"text":…,"meta":{…},"id":…,"annotator":…,"status":…,
//	 "tokens":[{"text":"Canada","start":0,"end":6,"id":0,"ws":true},…],
//	 "spans":[{"start":0,"end":6,"label":"JURISDICTION","token_start":0,"token_end":0},…],
//	 "answer":"accept"}
//
// Offsets are code points, like Python's str index; token_end is inclusive,
// as Prodigy writes it. Tokens come from Tokenize. A span that does not
// align to token boundaries is still written with its exact offsets and
// the nearest enclosing tokens. A span's attrs, note and canonical are
// written when set (spaCy ignores them); id, annotator and status are
// written beside the text so that tagdesk reads the file back losslessly.
// Relations are written as Prodigy's rel.manual writes them:
//
//	"relations":[{"head_span":{…},"child_span":{…},"head":5,"child":1,"label":"imposed_by"}]
//
// head and child the last token of each span, and a note when set.
type SpacyEncoder struct {
	w    *bufio.Writer
	buf  []byte
	toks []Token
}

// NewSpacyEncoder writes to w; call Close to flush.
func NewSpacyEncoder(w io.Writer) *SpacyEncoder {
	return &SpacyEncoder{w: bufio.NewWriterSize(w, 1<<16)}
}

// Encode writes one record.
func (e *SpacyEncoder) Encode(r *annotate.Record) error {
	a := &r.Article
	b := e.buf[:0]
	b = append(b, `{"text":`...)
	b = annotate.AppendJSONString(b, a.Text)
	b = append(b, `,"meta":{"title":`...)
	b = annotate.AppendJSONString(b, a.Title)
	b, flagged := appendFlag(b, r) // the curator's flag, as in the native JSONL (jsonl_flag.go)
	var skip []string
	if flagged {
		skip = []string{"flag", "comment"}
	}
	b = appendMetaFields(b, &annotate.Article{Source: a.Source, URL: a.URL, Published: a.Published, Meta: a.Meta}, skip...)
	b = append(b, `},"id":`...)
	b = annotate.AppendJSONString(b, a.ExtID)
	b = append(b, `,"annotator":`...)
	b = annotate.AppendJSONString(b, r.Annotator)
	st := r.Status
	if st == "" {
		st = annotate.StatusTodo
	}
	b = append(b, `,"status":`...)
	b = annotate.AppendJSONString(b, string(st))
	e.toks = AppendTokens(e.toks[:0], a.Text)
	b = append(b, `,"tokens":[`...)
	for i := range e.toks {
		t := &e.toks[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"text":`...)
		b = annotate.AppendJSONString(b, t.Text)
		b = append(b, `,"start":`...)
		b = appendInt(b, t.Start)
		b = append(b, `,"end":`...)
		b = appendInt(b, t.End)
		b = append(b, `,"id":`...)
		b = appendInt(b, i)
		b = append(b, `,"ws":`...)
		if t.WS {
			b = append(b, "true"...)
		} else {
			b = append(b, "false"...)
		}
		b = append(b, '}')
	}
	b = append(b, `],"spans":[`...)
	for i := range r.Spans {
		sp := &r.Spans[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"start":`...)
		b = appendInt(b, sp.Start)
		b = append(b, `,"end":`...)
		b = appendInt(b, sp.End)
		b = append(b, `,"label":`...)
		b = annotate.AppendJSONString(b, sp.Label)
		if first, last, ok := tokenRange(e.toks, sp.Start, sp.End); ok {
			b = append(b, `,"token_start":`...)
			b = appendInt(b, first)
			b = append(b, `,"token_end":`...)
			b = appendInt(b, last)
		}
		if len(sp.Attrs) > 0 {
			b = append(b, `,"attrs":`...)
			b = annotate.AppendAttrs(b, sp.Attrs)
		}
		if sp.Note != "" {
			b = append(b, `,"note":`...)
			b = annotate.AppendJSONString(b, sp.Note)
		}
		if sp.Canonical != "" {
			b = append(b, `,"canonical":`...)
			b = annotate.AppendJSONString(b, sp.Canonical)
		}
		b = append(b, '}')
	}
	b = append(b, ']')
	b = appendProdigyRelations(b, r, e.toks)
	b = append(b, `,"answer":"accept"}`+"\n"...)
	e.buf = b
	_, err := e.w.Write(b)
	return err
}

// Close flushes what is buffered and returns the writer's error.
func (e *SpacyEncoder) Close() error { return e.w.Flush() }
