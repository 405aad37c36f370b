package format

// Decoding one doccano line of the common shape without encoding/json.

import (
	"encoding/json"
	"github.com/tagdesk/tagdesk/annotate"
)

// doccanoEntityKeys are the keys of an entity the fast path reads.
var doccanoEntityKeys = []string{"label", "start_offset", "end_offset"}

// fastDoccano decodes one line of the common shape, with the parser of
// jsonl_fast.go, and gives up (ok false) on anything unusual — a null, a
// duplicate key, an escape in a key, a non-integer offset, an offset
// outside the text, any error — so that decode's encoding/json path then
// reads it and words every error as ever. The line is valid UTF-8.
func fastDoccano(line []byte, codepoint bool) (rec *annotate.Record, relations int, ok bool) {
	p := fastParser{s: string(line)}
	rec = &annotate.Record{}
	a := &rec.Article
	var hasText bool
	var seen uint
	type label struct {
		s, e int
		name string
	}
	var labels []label
	if !p.byte('{') {
		return nil, 0, false
	}
	p.ws()
	if p.peek() == '}' {
		return nil, 0, false // no text
	}
	for {
		p.ws()
		key, ok := p.key()
		if !ok {
			return nil, 0, false
		}
		bit := uint(0)
		switch key {
		case "text":
			bit = 1
			a.Text, ok = p.value()
			hasText = true
		case "id":
			bit = 2
			p.ws()
			switch c := p.peek(); {
			case c == '"':
				a.ExtID, ok = p.str()
			case c == '-' || (c >= '0' && c <= '9'):
				a.ExtID, ok = p.number() // json.Number: the digits as written
			default:
				ok = false
			}
		case "label":
			bit = 4
			ok = p.byte('[')
			p.ws()
			if ok && p.peek() == ']' {
				p.i++
				break
			}
			for ok {
				var l label
				ok = p.byte('[')
				if ok {
					l.s, ok = p.integer()
				}
				ok = ok && p.byte(',')
				if ok {
					l.e, ok = p.integer()
				}
				ok = ok && p.byte(',')
				if ok {
					l.name, ok = p.value()
				}
				ok = ok && p.byte(']')
				labels = append(labels, l)
				p.ws()
				if ok && p.peek() == ']' {
					p.i++
					break
				}
				ok = ok && p.byte(',')
			}
		case "entities":
			bit = 8
			ok = p.byte('[')
			p.ws()
			if ok && p.peek() == ']' {
				p.i++
				break
			}
			for ok {
				var l label
				var got uint64
				got, ok = p.fields(doccanoEntityKeys, func(k string) bool {
					var ok bool
					switch k {
					case "label":
						l.name, ok = p.value()
					case "start_offset":
						l.s, ok = p.integer()
					case "end_offset":
						l.e, ok = p.integer()
					}
					return ok
				})
				ok = ok && got&6 == 6 // both offsets
				labels = append(labels, l)
				p.ws()
				if ok && p.peek() == ']' {
					p.i++
					break
				}
				ok = ok && p.byte(',')
			}
		case "relations":
			bit = 16
			p.ws()
			if p.peek() != '[' {
				ok = p.skip(0)
				break
			}
			p.i++
			p.ws()
			if p.peek() == ']' {
				p.i++
				break
			}
			for ok {
				ok = p.skip(0)
				relations++
				p.ws()
				if ok && p.peek() == ']' {
					p.i++
					break
				}
				ok = ok && p.byte(',')
			}
		case "annotator":
			bit = 32
			rec.Annotator, ok = p.value()
		case "status":
			bit = 64
			var st string
			if st, ok = p.value(); ok {
				var err error
				rec.Status, err = annotate.ParseStatus(st)
				ok = err == nil
			}
		default:
			if _, dup := a.Meta[key]; dup {
				return nil, 0, false
			}
			switch {
			case annotate.IsArticleField(key):
				p.ws()
				if p.peek() != '"' {
					return nil, 0, false
				}
				var s string
				if s, ok = p.str(); !ok || seen&(128<<fieldBit(key)) != 0 {
					return nil, 0, false
				}
				seen |= 128 << fieldBit(key)
				a.SetField(key, s)
			default:
				p.ws()
				start := p.i
				if ok = p.skip(0); ok {
					if a.Meta == nil {
						a.Meta = map[string]json.RawMessage{}
					}
					a.Meta[key] = json.RawMessage(p.s[start:p.i])
				}
			}
		}
		if !ok || seen&bit != 0 {
			return nil, 0, false
		}
		seen |= bit
		p.ws()
		if p.peek() == ',' {
			p.i++
			continue
		}
		if !p.byte('}') {
			return nil, 0, false
		}
		break
	}
	p.ws()
	if p.i != len(p.s) || !hasText {
		return nil, 0, false
	}
	unit := offsetUnit{ix: annotate.NewIndex(a.Text), utf16: !codepoint}
	if len(labels) > 0 {
		rec.Spans = make([]annotate.Span, 0, len(labels))
	}
	for _, l := range labels {
		cs, err1 := unit.to(l.s)
		ce, err2 := unit.to(l.e)
		if err1 != nil || err2 != nil {
			return nil, 0, false
		}
		rec.Spans = append(rec.Spans, annotate.Span{Start: cs, End: ce, Label: l.name, Annotator: rec.Annotator})
	}
	annotate.SortSpans(rec.Spans)
	finishArticle(a)
	return rec, relations, true
}
