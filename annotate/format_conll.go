package annotate

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ConllEncoder writes CoNLL-2003-style IOB2, the input of most sequence-
// labelling trainers (spaCy's `convert`, Flair, Hugging Face token
// classification):
//
//	-DOCSTART- O
//
//	Canada B-JURISDICTION
//	sanctions B-MEASURE
//	four O
//	.  O
//
//	Next I-…
//
// Two columns, TOKEN and TAG, one space apart; a blank line ends a
// sentence; every article starts with the line "-DOCSTART- O" and a blank
// line. Tokens and sentences come from Tokenize; white space inside a
// token (rare: a space before a combining mark) is written as "_". A span
// tags every token it touches, so a span that does not align to token
// boundaries widens to the enclosing tokens; one that crosses a sentence
// boundary starts again (B-) in the next sentence, since a blank line
// ends every span. IOB cannot hold overlapping
// spans: with strict unset the outermost span is kept (the earliest, then
// the longest) and each dropped span is a warning; with strict set an
// overlap is an error. The text's exact spacing is not kept (see
// ConllDecoder).
type ConllEncoder struct {
	w       *bufio.Writer
	strict  bool
	warn    func(string)
	toks    []Token
	tag     []int // per token: index of its span in order, or -1
	order   []int
	buf     []byte
	Dropped int // spans left out because they overlap a kept one
}

// NewConllEncoder writes to w; warn (may be nil) receives each dropped
// span. Call Close to flush.
func NewConllEncoder(w io.Writer, strict bool, warn func(string)) *ConllEncoder {
	return &ConllEncoder{w: bufio.NewWriterSize(w, 1<<16), strict: strict, warn: warn}
}

// Encode writes one record.
func (e *ConllEncoder) Encode(r *Record) error {
	e.toks = AppendTokens(e.toks[:0], r.Article.Text)
	e.tag = e.tag[:0]
	for range e.toks {
		e.tag = append(e.tag, -1)
	}
	e.order = e.order[:0]
	for i := range r.Spans {
		e.order = append(e.order, i)
	}
	sp := r.Spans
	sort.SliceStable(e.order, func(i, j int) bool {
		a, b := &sp[e.order[i]], &sp[e.order[j]]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.End > b.End
	})
	for _, k := range e.order {
		s := &sp[k]
		first, last, ok := tokenRange(e.toks, s.Start, s.End)
		if !ok {
			e.drop(r, s, "it covers no token")
			continue
		}
		clash := -1
		for t := first; t <= last; t++ {
			if e.tag[t] >= 0 {
				clash = e.tag[t]
				break
			}
		}
		if clash >= 0 {
			o := &sp[clash]
			if e.strict {
				return fmt.Errorf("%w: article %s: span [%d,%d) %s overlaps [%d,%d) %s, which IOB cannot hold (use --overlap outer to keep the outermost)", ErrInvalid, r.Article.ExtID, s.Start, s.End, s.Label, o.Start, o.End, o.Label)
			}
			e.drop(r, s, fmt.Sprintf("it overlaps [%d,%d) %s", o.Start, o.End, o.Label))
			continue
		}
		for t := first; t <= last; t++ {
			e.tag[t] = k
		}
	}
	b := append(e.buf[:0], "-DOCSTART- O\n"...)
	for i := range e.toks {
		t := &e.toks[i]
		if i == 0 || t.Sent != e.toks[i-1].Sent {
			b = append(b, '\n')
		}
		b = appendConllToken(b, t.Text)
		b = append(b, ' ')
		k := e.tag[i]
		switch {
		case k < 0:
			b = append(b, 'O')
		case i > 0 && e.tag[i-1] == k && t.Sent == e.toks[i-1].Sent:
			b = append(b, "I-"...)
			b = append(b, sp[k].Label...)
		default:
			b = append(b, "B-"...)
			b = append(b, sp[k].Label...)
		}
		b = append(b, '\n')
	}
	b = append(b, '\n')
	e.buf = b
	_, err := e.w.Write(b)
	return err
}

func (e *ConllEncoder) drop(r *Record, s *Span, why string) {
	e.Dropped++
	if e.warn != nil {
		e.warn(fmt.Sprintf("conll: article %s: span [%d,%d) %s left out: %s", r.Article.ExtID, s.Start, s.End, s.Label, why))
	}
}

func appendConllToken(b []byte, tok string) []byte {
	for _, r := range tok {
		if unicode.IsSpace(r) {
			b = append(b, '_')
		} else {
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}

// Close flushes what is buffered and returns the writer's error.
func (e *ConllEncoder) Close() error { return e.w.Flush() }

// ConllDecoder reads CoNLL-style token-per-line files: the first column
// is the token, the last its tag (so CoNLL-2003's four columns work), a
// blank line ends a sentence, a "-DOCSTART-" line starts an article.
// Tags are IOB2 (B-, I-, O); IOB1, IOBES and BILOU (E-, L-, S-, U-) are
// read too. CoNLL does not keep the text, so the decoder rebuilds it: the
// tokens of a sentence joined by single spaces, sentences joined by "\n"
// (one warning per file says so). The article's id is the hash of that
// text (TextID). Memory holds one article.
type ConllDecoder struct {
	warnings
	r      *bufio.Reader
	name   string
	line   int // lines read
	start  int // line where the current article started
	buf    []byte
	done   bool
	warned bool

	// the article being read
	text    strings.Builder
	cp      int  // code points in text
	inSent  bool // a token of the current sentence was written
	spans   []Span
	open    bool
	openLbl string
	openAt  int
	lastEnd int // end of the last token
	tokens  int
}

// NewConllDecoder reads from r; name is the file name used in errors.
func NewConllDecoder(r io.Reader, name string) *ConllDecoder {
	return &ConllDecoder{r: bufio.NewReaderSize(r, 1<<16), name: name}
}

// Line returns the line where the record last returned starts.
func (d *ConllDecoder) Line() int { return d.start }

// Skipped returns 0.
func (d *ConllDecoder) Skipped() int { return 0 }

// Next returns the next article, io.EOF at the end, or a *PosError.
func (d *ConllDecoder) Next() (*Record, error) {
	for !d.done {
		line, err := readLine(d.r, d.buf[:0])
		d.buf = line
		if err != nil && err != io.EOF {
			return nil, &PosError{File: d.name, Line: d.line + 1, Err: err}
		}
		if err == io.EOF && len(line) == 0 {
			d.done = true
			if rec := d.flush(); rec != nil {
				return rec, nil
			}
			return nil, io.EOF
		}
		d.line++
		line = bytes.TrimRight(line, "\r\n")
		if d.line == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		if !utf8.Valid(line) {
			return nil, &PosError{File: d.name, Line: d.line, Err: fmt.Errorf("%w: line is not valid UTF-8", ErrInvalid)}
		}
		f := strings.Fields(string(line))
		if len(f) == 0 {
			d.closeSpan()
			d.inSent = false
			continue
		}
		if f[0] == "-DOCSTART-" {
			rec := d.flush()
			d.start = d.line
			if rec != nil {
				return rec, nil
			}
			continue
		}
		if len(f) < 2 {
			return nil, &PosError{File: d.name, Line: d.line, Err: fmt.Errorf("%w: want TOKEN TAG, got %q", ErrInvalid, clip(string(line)))}
		}
		if err := d.token(f[0], f[len(f)-1]); err != nil {
			return nil, &PosError{File: d.name, Line: d.line, Err: err}
		}
	}
	return nil, io.EOF
}

func (d *ConllDecoder) token(tok, tag string) error {
	if d.tokens == 0 && d.start == 0 {
		d.start = d.line
	}
	if d.inSent {
		d.text.WriteByte(' ')
		d.cp++
	} else if d.tokens > 0 {
		d.text.WriteByte('\n')
		d.cp++
	}
	start := d.cp
	d.text.WriteString(tok)
	d.cp += utf8.RuneCountInString(tok)
	d.inSent = true
	d.tokens++
	defer func() { d.lastEnd = d.cp }()
	if tag == "O" {
		d.closeSpan()
		return nil
	}
	prefix, label, ok := strings.Cut(tag, "-")
	if !ok || label == "" || len(prefix) != 1 || !strings.Contains("BIESLU", prefix) {
		return fmt.Errorf("%w: tag %q is not O, B-LABEL or I-LABEL", ErrInvalid, clip(tag))
	}
	switch prefix {
	case "B", "S", "U":
		d.closeSpan()
		d.openSpan(label, start)
	case "I", "E", "L":
		if !d.open || d.openLbl != label {
			d.closeSpan()
			d.openSpan(label, start)
		}
	}
	if prefix != "B" && prefix != "I" {
		d.lastEnd = d.cp
		d.closeSpan()
	}
	return nil
}

func (d *ConllDecoder) openSpan(label string, at int) {
	d.open, d.openLbl, d.openAt = true, label, at
}

func (d *ConllDecoder) closeSpan() {
	if d.open {
		d.spans = append(d.spans, Span{Start: d.openAt, End: d.lastEnd, Label: d.openLbl})
		d.open = false
	}
}

// flush returns the article read so far (nil if it has no token) and
// starts a new one.
func (d *ConllDecoder) flush() *Record {
	d.closeSpan()
	if d.tokens == 0 {
		d.text.Reset()
		d.cp, d.lastEnd, d.inSent, d.spans = 0, 0, false, nil
		return nil
	}
	if !d.warned {
		d.warned = true
		d.warnf("%s: CoNLL does not keep the text: it is rebuilt from the tokens (single spaces, a line a sentence)", d.name)
	}
	rec := &Record{Article: Article{Text: d.text.String()}, Spans: d.spans}
	finishArticle(&rec.Article)
	d.text.Reset()
	d.cp, d.lastEnd, d.inSent, d.spans, d.tokens = 0, 0, false, nil, 0
	return rec
}
