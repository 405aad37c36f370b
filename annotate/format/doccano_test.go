package format

import (
	"strings"
	"testing"
)

// TestDoccanoShapes: doccano 1.3–1.6's text under "data" read in the
// wrong unit is an error that says why; a "meta" object spreads into the
// article; a null article field is empty.
func TestDoccanoShapes(t *testing.T) {
	dc, _ := Lookup("doccano")
	in := `{"id":1,"data":"🇨🇦 Canada","label":[[3,9,"JURISDICTION"]]}`
	rd, _ := dc.NewReader(strings.NewReader(in), "x.jsonl", Options{})
	if _, err := rd.Next(); err == nil || !strings.Contains(err.Error(), `x.jsonl:1: invalid: label 1 [3,9) JURISDICTION: UTF-16 offset 3 falls inside a surrogate pair`) ||
		!strings.Contains(err.Error(), `the text is under "data", as doccano 1.3–1.6 write it, and 1.3 and 1.4 count code points`) {
		t.Errorf("got %v", err)
	}
	in = `{"id":1,"text":"Canada","meta":{"source":"s","url":null,"x":{"a": 1}},"source":"top","published":null,"labels":[[0,6,"JURISDICTION"]]}`
	recs, _ := importBytes(t, dc, []byte(in), Options{})
	a := recs[0].Article
	if a.Source != "top" || a.URL != "" || a.Published != "" || string(a.Meta["x"]) != `{"a":1}` || len(a.Meta) != 1 || len(recs[0].Spans) != 1 {
		t.Errorf("got %+v", recs[0])
	}
}
