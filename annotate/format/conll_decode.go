package format

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tagdesk/tagdesk/annotate"
)

// ConllDecoder reads the token-per-line files that NER tools write:
//
//   - CoNLL-2003 and its kin: the first column is the token, the last its
//     tag, columns apart by spaces or tabs (so the four columns of
//     CoNLL-2003, Label Studio's "token -X- _ TAG" and two-column TSV all
//     work); a blank line ends a sentence; a "-DOCSTART-" line starts an
//     article. CoNLL does not keep the text, so the decoder rebuilds it:
//     the tokens of a sentence joined by single spaces, sentences joined by
//     "\n" (one warning per file says so). The article's id is the hash of
//     that text (TextID).
//   - CoNLL-U and CoNLL-U Plus (a "# global.columns" line, or a .conllu or
//     .conllup name, or ten tab-separated columns with a numeric ID; see
//     conll_u.go): tokens from FORM, the tag from a column named NE or NER
//     (else NE= or NER= in MISC), the text of a sentence from its
//     "# text =" line when the tokens are found in it in order (exact
//     offsets), else rebuilt with SpaceAfter=No; "# newdoc id =" starts
//     an article with that id.
//
// Tags: IOB2 (B-, I-, O), IOB1 (I- everywhere; B- only between two
// entities of one type), BIOES (S- single, E- end) and BILOU (U- single,
// L- end). An I-, E- or L- that continues no entity of its label starts
// one, as IOB1 says and as spaCy and seqeval read it; one warning counts
// them. What is not kept (POS and chunk columns, lemmas, comments) is
// counted in one warning each, naming the first FILE:LINE. Memory holds
// one article.
type ConllDecoder struct {
	warnings
	r        *bufio.Reader
	name     string
	line     int // lines read
	start    int // line where the current article started
	buf      []byte
	done     bool
	warned   bool
	u        *conllU   // nil until the file shows it is CoNLL-U
	shaped   bool      // the first token line was read: u is settled
	text1    []byte    // the last "# text =" line's text
	sentText lineCount // 1 when text1 is for the sentence being read

	// what is not kept or was read leniently: count and first line
	extraCols, iobStarts, comments, rebuilt, nodes lineCount

	// the article being read
	id      string
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

// lineCount counts the lines a warning is about and keeps the first.
type lineCount struct{ n, first int }

func (c *lineCount) add(line int) {
	if c.n == 0 {
		c.first = line
	}
	c.n++
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
			return nil, d.errAt(d.line+1, err)
		}
		if err == io.EOF && len(line) == 0 {
			d.done = true
			rec, err := d.flush()
			d.finalWarnings()
			if err != nil || rec != nil {
				return rec, err
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
			return nil, d.errAt(d.line, fmt.Errorf("%w: line is not valid UTF-8", annotate.ErrInvalid))
		}
		first, last, n, extra := conllFields(line)
		if n == 0 {
			if err := d.endSentence(); err != nil {
				return nil, err
			}
			continue
		}
		if line[0] == '#' && (n < 2 || d.u != nil || !isConllTag(last) || bytes.Contains(line, []byte(" = "))) {
			rec, err := d.comment(line)
			if err != nil || rec != nil {
				return rec, err
			}
			continue
		}
		if string(first) == "-DOCSTART-" {
			rec, err := d.newArticle("")
			if err != nil || rec != nil {
				return rec, err
			}
			continue
		}
		if !d.shaped {
			d.shaped = true
			d.detectU(line)
		}
		if d.u != nil {
			if err := d.uToken(line); err != nil {
				return nil, err
			}
			continue
		}
		if n < 2 {
			return nil, d.errAt(d.line, fmt.Errorf("%w: want TOKEN TAG, got %q", annotate.ErrInvalid, clip(string(line))))
		}
		if extra {
			d.extraCols.add(d.line)
		}
		sep := ""
		if d.inSent {
			sep = " "
		} else if d.tokens > 0 {
			sep = "\n"
		}
		if err := d.add(sep, first, last, d.line); err != nil {
			return nil, err
		}
	}
	return nil, io.EOF
}

func (d *ConllDecoder) errAt(line int, err error) error {
	return &annotate.PosError{File: d.name, Line: line, Err: err}
}

// newArticle ends the article being read and starts one with the given
// id ("" for the hash of its text); it returns the one ended, if any.
func (d *ConllDecoder) newArticle(id string) (*annotate.Record, error) {
	rec, err := d.flush()
	d.start, d.id = d.line, id
	return rec, err
}

// conllFields returns the first and the last of the fields of line
// (valid UTF-8) as strings.Fields splits it, how many there are (up to
// 2), and whether a field between them is more than a placeholder ("_",
// "-X-"), which the decoder does not keep.
func conllFields(line []byte) (first, last []byte, n int, extra bool) {
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
				} else if n == 2 && !extra && !isPlaceholder(last) {
					extra = true // the last field so far was a middle one
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
		} else if n == 2 && !extra && !isPlaceholder(last) {
			extra = true
		}
		last = line[start:]
		n = min(n+1, 2)
	}
	return first, last, n, extra
}

func isPlaceholder(f []byte) bool { return string(f) == "_" || string(f) == "-X-" }

// isConllTag reports whether t reads as a tag: O, or B-, I-, E-, S-, L-
// or U- and a label.
func isConllTag(t []byte) bool {
	if len(t) == 1 {
		return t[0] == 'O'
	}
	return len(t) > 2 && t[1] == '-' && strings.IndexByte("BIESLU", t[0]) >= 0
}

// add appends sep (white space), then a token tagged tag, to the article.
func (d *ConllDecoder) add(sep string, tok, tag []byte, line int) error {
	if d.tokens == 0 && d.start == 0 {
		d.start = line
	}
	switch len(sep) {
	case 0:
	case 1: // " " or "\n", the common case
		d.text.WriteByte(sep[0])
		d.cp++
	default:
		d.text.WriteString(sep)
		d.cp += runeCount(sep)
	}
	start := d.cp
	d.text.Write(tok)
	d.cp += utf8.RuneCount(tok)
	d.inSent = true
	d.tokens++
	err := d.tag(tag, start, line)
	d.lastEnd = d.cp
	return err
}

func (d *ConllDecoder) tag(tag []byte, start, line int) error {
	if len(tag) == 1 && tag[0] == 'O' {
		d.closeSpan()
		return nil
	}
	if !isConllTag(tag) {
		return d.errAt(line, fmt.Errorf("%w: tag %q is not O or B-, I-, E-, S-, L-, U- and a label", annotate.ErrInvalid, clip(string(tag))))
	}
	label := tag[2:]
	switch tag[0] {
	case 'B', 'S', 'U':
		d.closeSpan()
		d.openSpan(d.label(label), start)
	case 'I', 'E', 'L':
		if !d.open || d.openLbl != string(label) {
			d.closeSpan()
			d.openSpan(d.label(label), start)
			d.iobStarts.add(line)
		}
	}
	if tag[0] != 'B' && tag[0] != 'I' {
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

// endSentence ends the sentence being read: a blank line, the end of an
// article.
func (d *ConllDecoder) endSentence() error {
	var err error
	if d.u != nil {
		err = d.uSentence()
	} else if d.sentText.n > 0 { // "# text" in a file that is not CoNLL-U
		d.comments.add(d.sentText.first)
		d.sentText = lineCount{}
	}
	d.closeSpan()
	d.inSent = false
	return err
}

// flush returns the article read so far (nil if it has no token) and
// starts a new one.
func (d *ConllDecoder) flush() (*annotate.Record, error) {
	if err := d.endSentence(); err != nil {
		return nil, err
	}
	if d.tokens == 0 {
		d.text.Reset()
		d.cp, d.lastEnd, d.inSent, d.spans = 0, 0, false, nil
		return nil, nil
	}
	if !d.warned && d.u == nil {
		d.warned = true
		d.warnf("%s: CoNLL does not keep the text: it is rebuilt from the tokens (single spaces, a line a sentence)", d.name)
	}
	rec := &annotate.Record{Article: annotate.Article{ExtID: d.id, Text: d.text.String()}, Spans: d.spans}
	finishArticle(&rec.Article)
	d.text.Reset()
	d.cp, d.lastEnd, d.inSent, d.spans, d.tokens, d.id = 0, 0, false, nil, 0, ""
	return rec, nil
}

// finalWarnings reports, once per file, what was not kept or was read
// leniently.
func (d *ConllDecoder) finalWarnings() {
	for _, w := range []struct {
		c    lineCount
		what string
	}{
		{d.extraCols, "line(s) have columns besides the token and its tag (POS, chunk, lemma, …): not kept"},
		{d.comments, "comment line(s) not kept (sent_id, newpar, …)"},
		{d.nodes, "multiword-token or empty-node line(s) not read as tokens (CoNLL-U ranges and decimal ids)"},
		{d.rebuilt, "sentence(s) without a \"# text\" line that holds their tokens: text rebuilt from the tokens (spaces as SpaceAfter says)"},
		{d.iobStarts, "entit(ies) start with I-, E- or L- (IOB1, or a B- missing): read as the start of an entity"},
	} {
		if w.c.n > 0 {
			d.warnf("%s: %d %s (first at %s:%d)", d.name, w.c.n, w.what, d.name, w.c.first)
		}
	}
}
