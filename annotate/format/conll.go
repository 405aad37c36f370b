package format

import (
	"bufio"
	"bytes"
	"fmt"
	"github.com/tagdesk/tagdesk/annotate"
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
// boundaries widens to the enclosing tokens. No sentence ends inside a
// span, kept or left out: where the tokenizer ends one inside a span
// ("Dr. J. R. Ewing" at a line break, "Regulation 2014/1. A"), the
// sentences are joined, since a blank line would end the span and the
// import would give back two. IOB cannot hold overlapping
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
	join    []int
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
func (e *ConllEncoder) Encode(r *annotate.Record) error {
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
	// join[t] > 0 (summed from 0 to t) says that token t is inside a
	// span with token t-1: no sentence ends there.
	e.join = e.join[:0]
	for range len(e.toks) + 1 {
		e.join = append(e.join, 0)
	}
	for _, k := range e.order {
		s := &sp[k]
		first, last, ok := tokenRange(e.toks, s.Start, s.End)
		if !ok {
			e.drop(r, s, "it covers no token")
			continue
		}
		if last > first {
			e.join[first+1]++
			e.join[last+1]--
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
				return fmt.Errorf("%w: article %s: span [%d,%d) %s overlaps [%d,%d) %s, which IOB cannot hold (use --overlap outer to keep the outermost)", annotate.ErrInvalid, r.Article.ExtID, s.Start, s.End, s.Label, o.Start, o.End, o.Label)
			}
			e.drop(r, s, fmt.Sprintf("it overlaps [%d,%d) %s", o.Start, o.End, o.Label))
			continue
		}
		for t := first; t <= last; t++ {
			e.tag[t] = k
		}
	}
	b := append(e.buf[:0], "-DOCSTART- O\n"...)
	inSpan := 0
	for i := range e.toks {
		t := &e.toks[i]
		inSpan += e.join[i]
		newSent := i == 0 || t.Sent != e.toks[i-1].Sent && inSpan == 0
		if newSent {
			b = append(b, '\n')
		}
		b = appendConllToken(b, t.Text)
		b = append(b, ' ')
		k := e.tag[i]
		switch {
		case k < 0:
			b = append(b, 'O')
		case !newSent && e.tag[i-1] == k:
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

func (e *ConllEncoder) drop(r *annotate.Record, s *annotate.Span, why string) {
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
	spans   []annotate.Span
	open    bool
	openLbl string
	openAt  int
	lastEnd int // end of the last token
	tokens  int
	labels  map[string]string
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
func (d *ConllDecoder) Next() (*annotate.Record, error) {
	for !d.done {
		line, err := d.r.ReadSlice('\n')
		if err == bufio.ErrBufferFull { // a line longer than the buffer
			line, err = readLine(d.r, append(d.buf[:0], line...))
			d.buf = line
		}
		if err != nil && err != io.EOF {
			return nil, &annotate.PosError{File: d.name, Line: d.line + 1, Err: err}
		}
		if err == io.EOF && len(line) == 0 {
			d.done = true
			if rec := d.flush(); rec != nil {
				return rec, nil
			}
			return nil, io.EOF
		}
		d.line++
		for len(line) > 0 && (line[len(line)-1] == '\n' || line[len(line)-1] == '\r') {
			line = line[:len(line)-1]
		}
		if d.line == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		if !utf8.Valid(line) {
			return nil, &annotate.PosError{File: d.name, Line: d.line, Err: fmt.Errorf("%w: line is not valid UTF-8", annotate.ErrInvalid)}
		}
		first, last, n := firstLastField(line)
		if n == 0 {
			d.closeSpan()
			d.inSent = false
			continue
		}
		if string(first) == "-DOCSTART-" {
			rec := d.flush()
			d.start = d.line
			if rec != nil {
				return rec, nil
			}
			continue
		}
		if n < 2 {
			return nil, &annotate.PosError{File: d.name, Line: d.line, Err: fmt.Errorf("%w: want TOKEN TAG, got %q", annotate.ErrInvalid, clip(string(line)))}
		}
		if err := d.token(first, last); err != nil {
			return nil, &annotate.PosError{File: d.name, Line: d.line, Err: err}
		}
	}
	return nil, io.EOF
}

// firstLastField returns the first and the last of the fields of line
// (valid UTF-8) as strings.Fields splits it, and how many there are, up
// to 2.
func firstLastField(line []byte) (first, last []byte, n int) {
	start := -1
	for i := 0; i < len(line); {
		c := line[i]
		size := 1
		space := false
		if c < utf8.RuneSelf {
			space = asciiSpace[c]
		} else {
			var r rune
			r, size = utf8.DecodeRune(line[i:])
			space = unicode.IsSpace(r)
		}
		if space {
			if start >= 0 {
				if n == 0 {
					first = line[start:i]
				}
				last = line[start:i]
				n = min(n+1, 2)
				start = -1
			}
		} else if start < 0 {
			start = i
		}
		i += size
	}
	if start >= 0 {
		if n == 0 {
			first = line[start:]
		}
		last = line[start:]
		n = min(n+1, 2)
	}
	return first, last, n
}

func (d *ConllDecoder) token(tok, tag []byte) error {
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
	d.text.Write(tok)
	d.cp += utf8.RuneCount(tok)
	d.inSent = true
	d.tokens++
	err := d.tag(tag, start)
	d.lastEnd = d.cp
	return err
}

func (d *ConllDecoder) tag(tag []byte, start int) error {
	if len(tag) == 1 && tag[0] == 'O' {
		d.closeSpan()
		return nil
	}
	prefix, label, ok := bytes.Cut(tag, []byte("-"))
	if !ok || len(label) == 0 || len(prefix) != 1 || !strings.Contains("BIESLU", string(prefix)) {
		return fmt.Errorf("%w: tag %q is not O, B-LABEL or I-LABEL", annotate.ErrInvalid, clip(string(tag)))
	}
	switch prefix[0] {
	case 'B', 'S', 'U':
		d.closeSpan()
		d.openSpan(d.label(label), start)
	case 'I', 'E', 'L':
		if !d.open || d.openLbl != string(label) {
			d.closeSpan()
			d.openSpan(d.label(label), start)
		}
	}
	if prefix[0] != 'B' && prefix[0] != 'I' {
		d.lastEnd = d.cp
		d.closeSpan()
	}
	return nil
}

// label returns l as a string, one copy per distinct label.
func (d *ConllDecoder) label(l []byte) string {
	if s, ok := d.labels[string(l)]; ok {
		return s
	}
	if d.labels == nil {
		d.labels = map[string]string{}
	}
	s := string(l)
	if len(d.labels) < 1000 {
		d.labels[s] = s
	}
	return s
}

func (d *ConllDecoder) openSpan(label string, at int) {
	d.open, d.openLbl, d.openAt = true, label, at
}

func (d *ConllDecoder) closeSpan() {
	if d.open {
		d.spans = append(d.spans, annotate.Span{Start: d.openAt, End: d.lastEnd, Label: d.openLbl})
		d.open = false
	}
}

// flush returns the article read so far (nil if it has no token) and
// starts a new one.
func (d *ConllDecoder) flush() *annotate.Record {
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
	rec := &annotate.Record{Article: annotate.Article{Text: d.text.String()}, Spans: d.spans}
	finishArticle(&rec.Article)
	d.text.Reset()
	d.cp, d.lastEnd, d.inSent, d.spans, d.tokens = 0, 0, false, nil, 0
	return rec
}
