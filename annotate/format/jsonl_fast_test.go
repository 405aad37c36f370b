package format

import (
	"bytes"
	"github.com/tagdesk/tagdesk/annotate"
	"io"
	"reflect"
	"strings"
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
// give what encoding/json gives, also after the buffer it parsed in place
// is overwritten (as the decoder does with the next line).
func checkFast(t *testing.T, line []byte) {
	if !utf8.Valid(line) {
		return
	}
	buf := bytes.Clone(line)
	got, gotSkip, ok := fastDecodeRecord(buf)
	for i := range buf {
		buf[i] = 'X'
	}
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

// TestFastDecodeKeepsNoAlias: the fast path parses each line inside the
// decoder's reused buffer; records read earlier must not change when later
// lines overwrite it (every kept string, map key and raw meta value is a
// copy).
func TestFastDecodeKeepsNoAlias(t *testing.T) {
	lines := []string{
		`{"id":"a1","text":"Canada froze assets of Wang.","meta":{"title":"T1","lang":"en","n":[1,2]},"annotator":"alice","status":"done","spans":[{"start":0,"end":6,"label":"JURISDICTION","text":"Canada","attrs":{"role":"imposing"},"note":"n1","canonical":"CA"}]}`,
		`{"id":"zz","text":"Zzzzzz zzzzz zzzzzz zz zzzz zzzzzzzzzz.","meta":{"title":"ZZ","zzzz":"zz","z":[9,9]},"annotator":"zzzzz","status":"todo","spans":[{"start":0,"end":6,"label":"ORG","text":"Zzzzzz","attrs":{"role":"zzzzzzzz"},"note":"zz","canonical":"ZZ"}],"tokens":[{"text":"Zzzzzz","start":0,"end":6,"id":0,"ws":true}]}`,
		`{"id":7,"text":"Short.","spans":[]}`,
	}
	dec := NewJSONLDecoder(strings.NewReader(strings.Join(lines, "\n")+"\n"), "in.jsonl")
	var got []*annotate.Record
	for {
		r, err := dec.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	for i, l := range lines {
		want, _, err := decodeJSONRecordStd([]byte(l))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got[i], want) {
			t.Errorf("record %d changed after later lines were read:\ngot  %+v\nwant %+v", i, got[i], want)
		}
	}
}
