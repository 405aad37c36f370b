package format

import (
	"bufio"
	"fmt"
	"github.com/tagdesk/tagdesk/annotate"
	"io"
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
	sp := r.Spans
	var err error
	e.tag, e.order, err = OuterSpans(e.toks, sp, e.tag, e.order, func(k, clash int) error {
		s := &sp[k]
		if clash < 0 {
			e.drop(r, s, "it covers no token")
			return nil
		}
		o := &sp[clash]
		if e.strict {
			return fmt.Errorf("%w: article %s: span [%d,%d) %s overlaps [%d,%d) %s, which IOB cannot hold (use --overlap outer to keep the outermost)", annotate.ErrInvalid, r.Article.ExtID, s.Start, s.End, s.Label, o.Start, o.End, o.Label)
		}
		e.drop(r, s, fmt.Sprintf("it overlaps [%d,%d) %s", o.Start, o.End, o.Label))
		return nil
	})
	if err != nil {
		return err
	}
	// join[t] > 0 (summed from 0 to t) says that token t is inside a
	// span, kept or left out, with token t-1: no sentence ends there.
	e.join = e.join[:0]
	for range len(e.toks) + 1 {
		e.join = append(e.join, 0)
	}
	for i := range sp {
		if first, last, ok := tokenRange(e.toks, sp[i].Start, sp[i].End); ok && last > first {
			e.join[first+1]++
			e.join[last+1]--
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
	_, err = e.w.Write(b)
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
