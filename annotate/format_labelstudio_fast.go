package annotate

// Decoding one Label Studio task of the common shape without encoding/json.

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// fastLSTask decodes a task of the common shape into task without
// encoding/json, with the parser of jsonl_fast.go. It gives up (false) on
// anything unusual — a null, a duplicate or case-folded key, an escape in
// a key, a number that is not an int, invalid UTF-8 — which
// encoding/json then reads as before. FuzzLabelStudioFast checks that
// both agree.
func fastLSTask(raw []byte, task *lsTask) bool {
	if !utf8.Valid(raw) {
		return false // encoding/json would replace the bad bytes
	}
	p := fastParser{s: string(raw)}
	var seen uint
	return p.object(func(k string) bool {
		var ok bool
		bit := uint(0)
		switch k {
		case "id":
			bit = 1
			task.ID, ok = p.rawValue()
			ok = ok && string(task.ID) != "null"
		case "data":
			bit = 2
			task.Data = map[string]json.RawMessage{}
			ok = p.object(func(dk string) bool {
				if _, dup := task.Data[dk]; dup {
					return false
				}
				if dk == "text" {
					p.ws()
					s, ok := p.str()
					task.Data[dk], task.text = nil, &s
					return ok
				}
				v, ok := p.rawValue()
				task.Data[dk] = v
				return ok
			})
		case "annotations":
			bit = 4
			ok = p.array(func() bool {
				task.Annotations = append(task.Annotations, lsAnnotation{})
				return p.lsAnnotation(&task.Annotations[len(task.Annotations)-1])
			})
			ok = ok && task.Annotations != nil
		case "predictions":
			bit = 8
			ok = p.array(func() bool {
				task.Predictions = append(task.Predictions, nil)
				return p.skip(0)
			})
			ok = ok && task.Predictions != nil
		default:
			ok = !foldsTo(k, "id", "data", "annotations", "predictions") && p.skip(0)
		}
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	}) && p.atEnd()
}

func (p *fastParser) lsAnnotation(an *lsAnnotation) bool {
	var seen uint
	return p.object(func(k string) bool {
		var ok bool
		bit := uint(0)
		switch k {
		case "completed_by":
			bit = 1
			an.CompletedBy, ok = p.rawValue()
		case "created_username":
			bit = 2
			an.CreatedUsername, ok = p.value()
		case "was_cancelled":
			bit = 4
			an.WasCancelled, ok = p.boolean()
		case "result":
			bit = 8
			ok = p.array(func() bool {
				an.Result = append(an.Result, lsResult{})
				return p.lsResult(&an.Result[len(an.Result)-1])
			})
			ok = ok && an.Result != nil
		default:
			ok = !foldsTo(k, "completed_by", "created_username", "was_cancelled", "result") && p.skip(0)
		}
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	})
}

func (p *fastParser) lsResult(res *lsResult) bool {
	var seen uint
	return p.object(func(k string) bool {
		var ok bool
		bit := uint(0)
		switch k {
		case "id":
			bit = 1
			res.ID, ok = p.value()
		case "type":
			bit = 2
			res.Type, ok = p.value()
		case "from_name":
			bit = 4
			res.FromName, ok = p.value()
		case "to_name":
			bit = 8
			res.ToName, ok = p.value()
		case "value":
			bit = 16
			ok = p.lsValue(&res.Value)
		default:
			ok = !foldsTo(k, "id", "type", "from_name", "to_name", "value") && p.skip(0)
		}
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	})
}

func (p *fastParser) lsValue(v *lsValue) bool {
	var seen uint
	return p.object(func(k string) bool {
		var ok bool
		bit := uint(0)
		switch k {
		case "start":
			bit = 1
			var n int
			n, ok = p.integer()
			v.Start = &n
		case "end":
			bit = 2
			var n int
			n, ok = p.integer()
			v.End = &n
		case "text":
			bit = 4
			p.ws()
			if p.peek() == '"' {
				var s string
				s, ok = p.str()
				v.Text = s
				break
			}
			list := []any{}
			ok = p.array(func() bool {
				p.ws()
				s, ok := p.str()
				list = append(list, s)
				return ok
			})
			v.Text = list
		case "labels":
			bit = 8
			v.Labels, ok = p.strings()
		case "choices":
			bit = 16
			v.Choices, ok = p.strings()
		default:
			ok = !foldsTo(k, "start", "end", "text", "labels", "choices") && p.skip(0)
		}
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	})
}

// array calls elem for each element of an array; elem reads it.
func (p *fastParser) array(elem func() bool) bool {
	if !p.byte('[') {
		return false
	}
	p.ws()
	if p.peek() == ']' {
		p.i++
		return true
	}
	for {
		if !elem() {
			return false
		}
		p.ws()
		switch p.peek() {
		case ',':
			p.i++
		case ']':
			p.i++
			return true
		default:
			return false
		}
	}
}

// strings reads an array of strings (never nil).
func (p *fastParser) strings() ([]string, bool) {
	list := []string{}
	ok := p.array(func() bool {
		p.ws()
		s, ok := p.str()
		list = append(list, s)
		return ok
	})
	return list, ok
}

// rawValue reads any value and returns a copy of it as written.
func (p *fastParser) rawValue() (json.RawMessage, bool) {
	p.ws()
	start := p.i
	if !p.skip(0) {
		return nil, false
	}
	return json.RawMessage(p.s[start:p.i]), true
}

// boolean reads true or false.
func (p *fastParser) boolean() (bool, bool) {
	p.ws()
	for _, lit := range [...]string{"true", "false"} {
		if strings.HasPrefix(p.s[p.i:], lit) {
			p.i += len(lit)
			return lit == "true", true
		}
	}
	return false, false
}

// atEnd skips white space and reports whether nothing follows.
func (p *fastParser) atEnd() bool {
	p.ws()
	return p.i == len(p.s)
}

// lsAnnotator returns who made an annotation: completed_by as a user id,
