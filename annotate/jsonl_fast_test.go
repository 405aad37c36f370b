package annotate

import (
	"bytes"
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/tagdesk/tagdesk/assets"
)

var fastLines = []string{
	`{"id":"a","text":"abc","spans":[{"start":0,"end":1,"label":"ORG"}]}`,
	`  { "id" : 12 , "text" : "x\ty\u00e9\ud83d\ude00\"\\\/\b\f\n\r" , "meta" : { "title" : "T", "n" : [1, {"a": null}], "f": -1.5e+3 } } `,
	`{"text":"no id","annotator":"bob","status":"in_progress","spans":[]}`,
	`{"text":"t","answer":"reject"}`,
	`{"text":"t","answer":"accept","_input_hash":-12,"tokens":[{"text":"t","start":0}]}`,
	`{"text":"é","spans":[{"start":0,"end":1,"label":"PERSON","text":"é","attrs":{"a":"b","c":""},"note":"n","canonical":"c","extra":true}]}`,
	`{"text":"t","spans":[{"start":0,"end":1,"label":"X","attrs":{}}]}`,
	// Lines the fast path must hand to encoding/json.
	`{"text":null}`,
	`{"id":"a","id":"b","text":"t"}`,
	`{"ID":"a","text":"t"}`,
	`{"Text":"t"}`,
	`{"text":"t","spans":[{"start":0.0,"end":1,"label":"X"}]}`,
	`{"text":"t","spans":[{"start":0,"label":"X"}]}`,
	`{"text":"t","spans":[{"start":0,"end":1,"label":"X","text":""}]}`,
	`{"text":"\ud800 lone"}`,
	`{"text":"t","status":"finished"}`,
	`{"text":"t"} trailing`,
	`{"text":"t",}`,
	`{"text":"t","meta":{"title":3}}`,
	`{"text":"t","meta":{"a":1,"a":2}}`,
	`{"text":"t","spans":[{"start":01,"end":2,"label":"X"}]}`,
	`[1,2]`,
	`{"text":"t","x":tru}`,
	`{"text":"t","spans":[{"start":0,"end":1,"label":"X","attrs":{"k":null}}]}`,
}

// checkFast decodes line both ways: where the fast path answers, it must
// give what encoding/json gives.
func checkFast(t *testing.T, line []byte) {
	if !utf8.Valid(line) {
		return
	}
	got, gotSkip, ok := fastDecodeRecord(line)
	if !ok {
		return
	}
	want, wantSkip, err := decodeJSONRecordStd(line)
	if err != nil {
		t.Fatalf("%s: fast path accepted what encoding/json refuses: %v", line, err)
	}
	if gotSkip != wantSkip || !reflect.DeepEqual(got, want) {
		t.Fatalf("%s:\nfast %+v (skip %v)\nstd  %+v (skip %v)", line, got, gotSkip, want, wantSkip)
	}
}

func TestFastDecodeAgrees(t *testing.T) {
	fast := 0
	for _, l := range fastLines {
		checkFast(t, []byte(l))
		if _, _, ok := fastDecodeRecord([]byte(l)); ok {
			fast++
		}
	}
	if fast < 7 {
		t.Errorf("only %d lines took the fast path, want the 7 common ones", fast)
	}
	for _, l := range bytes.Split(assets.SampleSpans, []byte("\n")) {
		if len(bytes.TrimSpace(l)) == 0 {
			continue
		}
		if _, _, ok := fastDecodeRecord(l); !ok {
			t.Error("the sample article did not take the fast path")
		}
		checkFast(t, l)
	}
}

func FuzzFastDecode(f *testing.F) {
	for _, l := range fastLines {
		f.Add([]byte(l))
	}
	f.Fuzz(checkFast)
}
