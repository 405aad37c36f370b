package format

import (
	"bufio"
	"github.com/tagdesk/tagdesk/annotate"
	"io"
	"sort"
	"strconv"
)

// LabelStudioEncoder writes tasks that Label Studio imports with their
// annotations (Import → JSON), for a labelling config like the one in
// docs/formats.md:
//
//	[{"id":1,"data":{"text":"…","id":"…","title":"…"},
//	  "annotations":[{"id":1,"created_username":"alice","was_cancelled":false,"result":[
//	    {"id":"s1","from_name":"label","to_name":"text","type":"labels",
//	     "value":{"start":0,"end":6,"text":"Canada","labels":["JURISDICTION"]}},
//	    {"id":"s1","from_name":"role","to_name":"text","type":"choices",
//	     "value":{"start":0,"end":6,"choices":["imposing"]}}]}]},…]
//
// One task a record with one annotation (none for an untouched article);
// offsets in code points (UTF-16 code units with utf16 set). A span's
// attributes are per-region choices named for the attribute, its note and
// canonical value per-region textareas "note" and "canonical", so they
// come back on import. Relations are relation results between the regions
// (`{"from_id":"s2","to_id":"s1","type":"relation","direction":"right",
// "labels":["imposed_by"]}`); their notes have no place there. completed_by is not written: Label Studio would
// refuse an annotator it does not know; created_username carries the name.
type LabelStudioEncoder struct {
	w     *bufio.Writer
	buf   []byte
	utf16 bool
	n     int
}

// NewLabelStudioEncoder writes to w; call Close to end the array and flush.
func NewLabelStudioEncoder(w io.Writer, utf16 bool) *LabelStudioEncoder {
	return &LabelStudioEncoder{w: bufio.NewWriterSize(w, 1<<16), utf16: utf16}
}

// Encode writes one record as one task.
func (e *LabelStudioEncoder) Encode(r *annotate.Record) error {
	a := &r.Article
	e.n++
	b := e.buf[:0]
	if e.n == 1 {
		b = append(b, "[\n"...)
	} else {
		b = append(b, ",\n"...)
	}
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, int64(e.n), 10)
	b = append(b, `,"data":{"text":`...)
	b = annotate.AppendJSONString(b, a.Text)
	b = append(b, `,"id":`...)
	b = annotate.AppendJSONString(b, a.ExtID)
	b = appendMetaFields(b, a, "text", "id")
	b = append(b, `},"annotations":[`...)
	if r.Annotator != "" || len(r.Spans) > 0 || (r.Status != "" && r.Status != annotate.StatusTodo) {
		b = append(b, `{"id":`...)
		b = strconv.AppendInt(b, int64(e.n), 10)
		if r.Annotator != "" {
			b = append(b, `,"created_username":`...)
			b = annotate.AppendJSONString(b, r.Annotator)
		}
		b = append(b, `,"was_cancelled":`...)
		b = strconv.AppendBool(b, r.Status == annotate.StatusSkipped)
		b = append(b, `,"result":[`...)
		ix := annotate.NewIndex(a.Text)
		u := offsetUnit{ix: ix, utf16: e.utf16}
		for i := range r.Spans {
			sp := &r.Spans[i]
			if i > 0 {
				b = append(b, ',')
			}
			id := "s" + strconv.Itoa(i+1)
			text := sp.Text
			if text == "" {
				text = ix.Slice(sp.Start, sp.End)
			}
			region := func(b []byte, from, typ string) []byte {
				b = append(b, `{"id":"`...)
				b = append(b, id...)
				b = append(b, `","from_name":`...)
				b = annotate.AppendJSONString(b, from)
				b = append(b, `,"to_name":"text","type":"`...)
				b = append(b, typ...)
				b = append(b, `","value":{"start":`...)
				b = strconv.AppendInt(b, int64(u.from(sp.Start)), 10)
				b = append(b, `,"end":`...)
				b = strconv.AppendInt(b, int64(u.from(sp.End)), 10)
				return b
			}
			b = region(b, "label", "labels")
			b = append(b, `,"text":`...)
			b = annotate.AppendJSONString(b, text)
			b = append(b, `,"labels":[`...)
			b = annotate.AppendJSONString(b, sp.Label)
			b = append(b, "]}}"...)
			for _, k := range sortedKeys(sp.Attrs) {
				b = append(b, ',')
				b = region(b, k, "choices")
				b = append(b, `,"choices":[`...)
				b = annotate.AppendJSONString(b, sp.Attrs[k])
				b = append(b, "]}}"...)
			}
			for _, kv := range [...][2]string{{"note", sp.Note}, {"canonical", sp.Canonical}} {
				if kv[1] == "" {
					continue
				}
				b = append(b, ',')
				b = region(b, kv[0], "textarea")
				b = append(b, `,"text":[`...)
				b = annotate.AppendJSONString(b, kv[1])
				b = append(b, "]}}"...)
			}
		}
		b = appendLSRelations(b, r)
		b = append(b, "]}"...)
	}
	b = append(b, "]}"...)
	e.buf = b
	_, err := e.w.Write(b)
	return err
}

// Close ends the array, flushes and returns the writer's error.
func (e *LabelStudioEncoder) Close() error {
	end := "\n]\n"
	if e.n == 0 {
		end = "[]\n"
	}
	if _, err := e.w.WriteString(end); err != nil {
		return err
	}
	return e.w.Flush()
}

func sortedKeys(m map[string]string) []string {
	if len(m) == 0 {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
