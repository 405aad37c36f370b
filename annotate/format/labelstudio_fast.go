package format

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
	_, ok := p.fields(lsTaskKeys, func(k string) bool {
		var ok bool
		switch k {
		case "id":
			task.ID, ok = p.rawValue()
			ok = ok && string(task.ID) != "null"
		case "data":
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
			ok = p.array(func() bool {
				task.Annotations = append(task.Annotations, lsAnnotation{})
				return p.lsAnnotation(&task.Annotations[len(task.Annotations)-1])
			})
			ok = ok && task.Annotations != nil
		case "predictions":
			ok = p.array(func() bool {
				task.Predictions = append(task.Predictions, nil)
				return p.skip(0)
			})
			ok = ok && task.Predictions != nil
		}
		return ok
	})
	return ok && p.atEnd()
}

// The keys the fast path reads; any other key is skipped.
var (
	lsTaskKeys       = []string{"id", "data", "annotations", "predictions"}
	lsAnnotationKeys = []string{"completed_by", "created_username", "was_cancelled", "result"}
	lsResultKeys     = []string{"id", "type", "from_name", "to_name", "value"}
	lsValueKeys      = []string{"start", "end", "text", "labels", "choices"}
)

func (p *fastParser) lsAnnotation(an *lsAnnotation) bool {
	_, ok := p.fields(lsAnnotationKeys, func(k string) bool {
		var ok bool
		switch k {
		case "completed_by":
			an.CompletedBy, ok = p.rawValue()
		case "created_username":
			an.CreatedUsername, ok = p.value()
		case "was_cancelled":
			an.WasCancelled, ok = p.boolean()
		case "result":
			ok = p.array(func() bool {
				an.Result = append(an.Result, lsResult{})
				return p.lsResult(&an.Result[len(an.Result)-1])
			})
			ok = ok && an.Result != nil
		}
		return ok
	})
	return ok
}

func (p *fastParser) lsResult(res *lsResult) bool {
	_, ok := p.fields(lsResultKeys, func(k string) bool {
		var ok bool
		switch k {
		case "id":
			res.ID, ok = p.value()
		case "type":
			res.Type, ok = p.value()
		case "from_name":
			res.FromName, ok = p.value()
		case "to_name":
			res.ToName, ok = p.value()
		case "value":
			ok = p.lsValue(&res.Value)
		}
		return ok
	})
	return ok
}

func (p *fastParser) lsValue(v *lsValue) bool {
	_, ok := p.fields(lsValueKeys, func(k string) bool {
		var ok bool
		switch k {
		case "start":
			var n int
			n, ok = p.integer()
			v.Start = &n
		case "end":
			var n int
			n, ok = p.integer()
			v.End = &n
		case "text":
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
			v.Labels, ok = p.strings()
		case "choices":
			v.Choices, ok = p.strings()
		}
		return ok
	})
	return ok
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
