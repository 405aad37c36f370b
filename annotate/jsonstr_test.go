package annotate

import (
	"bytes"
	"encoding/json"
	"testing"
)

// stdJSONString is what encoding/json writes for s with SetEscapeHTML(false).
func stdJSONString(t testing.TB, s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}

var jsonStringCases = []string{
	"",
	"plain ascii",
	"a\"b\\c/d",
	"\n\r\t\b\f",
	"\x00\x01\x07\x0b\x0e\x1f\x7f",
	"<html> & 'quotes'",
	"é🙂 中文 e\u0301 🇨🇦",
	"\u2028line\u2029para",
	"\ufeffBOM and \ufffd replacement",
	"bad \xff byte, cut \xe2\x82 rune, lone surrogate \xed\xa0\x80, overlong \xc0\xaf",
	"\r\n\r\n",
}

func TestAppendJSONString(t *testing.T) {
	for _, s := range jsonStringCases {
		if got, want := string(AppendJSONString(nil, s)), stdJSONString(t, s); got != want {
			t.Errorf("%q: got %s want %s", s, got, want)
		}
	}
	if got := string(AppendJSONString([]byte("x:"), "y")); got != `x:"y"` {
		t.Errorf("appends: got %s", got)
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range jsonStringCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(AppendJSONString(nil, s)), stdJSONString(t, s); got != want {
			t.Errorf("%q: got %s want %s", s, got, want)
		}
	})
}
