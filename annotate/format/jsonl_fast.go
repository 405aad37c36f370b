package format

import (
	"encoding/json"
	"github.com/tagdesk/tagdesk/annotate"
	"strings"
	"sync"
	"unsafe"
)

// fastDecodeRecord decodes one line of the common shape without
// encoding/json, several times faster: it parses the line in place and
// copies out only the strings the record keeps. It gives up (ok false) on anything
// unusual — a null, a duplicate or case-folded key, an escape in a key, a
// lone surrogate, a non-integer offset, any error — and decodeJSONRecord
// then runs encoding/json, so every error and corner case reads and
// behaves exactly as before. The line is valid UTF-8.
func fastDecodeRecord(line []byte) (rec *annotate.Record, skip, ok bool) {
	if len(line) == 0 {
		return nil, false, false
	}
	// The line's buffer is reused for the next line: parse it in place
	// (alias) and copy only what the record keeps, not the whole line,
	// which in the Prodigy shape is mostly a "tokens" array to skip.
	p := fastParser{s: unsafe.String(&line[0], len(line)), alias: true}
	rec = &annotate.Record{}
	a := &rec.Article
	var hasText bool
	var answer, status string
	var seen uint
	if !p.byte('{') {
		return nil, false, false
	}
	for first := true; ; first = false {
		p.ws()
		if p.peek() == '}' && first {
			p.i++
			break
		}
		key, ok := p.key()
		if !ok {
			return nil, false, false
		}
		bit := uint(0)
		switch key {
		case "id":
			bit = 1
			p.ws()
			switch c := p.peek(); {
			case c == '"':
				a.ExtID, ok = p.str()
			case c == '-' || (c >= '0' && c <= '9'):
				a.ExtID, ok = p.number() // a numeric id keeps its digits
			default:
				ok = false
			}
		case "text":
			bit = 2
			a.Text, ok = p.value()
			hasText = true
		case "meta":
			bit = 4
			ok = p.meta(a)
		case "annotator":
			bit = 8
			rec.Annotator, ok = p.value()
		case "status":
			bit = 16
			status, ok = p.value()
		case "answer":
			bit = 32
			answer, ok = p.value()
		case "spans":
			bit = 64
			ok = p.spans(rec)
		default:
			ok = !foldsTo(key, "id", "text", "meta", "annotator", "status", "answer", "spans") && p.skip(0)
		}
		if !ok || seen&bit != 0 {
			return nil, false, false
		}
		seen |= bit
		p.ws()
		if p.peek() == ',' {
			p.i++
			continue
		}
		if !p.byte('}') {
			return nil, false, false
		}
		break
	}
	p.ws()
	if p.i != len(p.s) {
		return nil, false, false
	}
	if answer == "reject" || answer == "ignore" {
		return nil, true, true
	}
	if !hasText {
		return nil, false, false
	}
	if status != "" {
		st, err := annotate.ParseStatus(status)
		if err != nil {
			return nil, false, false
		}
		rec.Status = st
	}
	if a.ExtID == "" {
		a.ExtID = annotate.TextID(a.Text)
	}
	if a.Title == "" {
		a.Title = annotate.TitleOf(a.Text)
	}
	if rec.Spans == nil {
		rec.Spans = make([]annotate.Span, 0)
	}
	for i := range rec.Spans {
		rec.Spans[i].Annotator = rec.Annotator
	}
	return rec, false, true
}

func (p *fastParser) meta(a *annotate.Article) bool {
	return p.object(func(k string) bool {
		if annotate.IsArticleField(k) {
			s, ok := p.value()
			return ok && a.SetField(k, s)
		}
		if _, dup := a.Meta[k]; dup {
			return false
		}
		p.ws()
		start := p.i
		if !p.skip(0) {
			return false
		}
		if a.Meta == nil {
			a.Meta = map[string]json.RawMessage{}
		}
		a.Meta[strings.Clone(k)] = json.RawMessage(p.s[start:p.i])
		return true
	})
}

// spanScratch holds spans while a record's array is read; the record then
// gets a slice of exactly their number.
var spanScratch = sync.Pool{New: func() any { s := make([]annotate.Span, 0, 64); return &s }}

func (p *fastParser) spans(rec *annotate.Record) bool {
	if !p.byte('[') {
		return false
	}
	p.ws()
	if p.peek() == ']' {
		p.i++
		rec.Spans = make([]annotate.Span, 0)
		return true
	}
	sp := spanScratch.Get().(*[]annotate.Span)
	defer func() {
		clear(*sp)
		*sp = (*sp)[:0]
		spanScratch.Put(sp)
	}()
	spans := *sp
	for {
		spans = append(spans, annotate.Span{})
		if !p.span(&spans[len(spans)-1]) {
			*sp = spans
			return false
		}
		p.ws()
		switch p.peek() {
		case ',':
			p.i++
		case ']':
			p.i++
			*sp = spans
			rec.Spans = append(make([]annotate.Span, 0, len(spans)), spans...)
			return true
		default:
			*sp = spans
			return false
		}
	}
}

// spanKeys are the keys of a span the fast path reads.
var spanKeys = []string{"start", "end", "label", "text", "attrs", "note", "canonical"}

func (p *fastParser) span(sp *annotate.Span) bool {
	seen, ok := p.fields(spanKeys, func(k string) bool {
		var ok bool
		switch k {
		case "start":
			sp.Start, ok = p.integer()
		case "end":
			sp.End, ok = p.integer()
		case "label":
			sp.Label, ok = p.value()
		case "text":
			sp.Text, ok = p.value()
			ok = ok && sp.Text != ""
		case "attrs":
			ok = p.object(func(ak string) bool {
				if _, dup := sp.Attrs[ak]; dup {
					return false
				}
				v, ok := p.value()
				if sp.Attrs == nil {
					sp.Attrs = make(map[string]string, 1)
				}
				sp.Attrs[strings.Clone(ak)] = v
				return ok
			})
		case "note":
			sp.Note, ok = p.value()
		case "canonical":
			sp.Canonical, ok = p.value()
		}
		return ok
	})
	return ok && seen&3 == 3 // start and end
}
