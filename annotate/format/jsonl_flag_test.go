package format

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// TestJSONLFlag: the annotator's flag and comment are written in meta
// after "published" and read back into Record.Flag, not into the
// article's meta; another tool's "flag" that is not a boolean, or a
// "comment" without a flag, stay meta keys.
func TestJSONLFlag(t *testing.T) {
	const why = "unclear: is XPCC an \"ORG\" or a JURISDICTION?"
	rec := &annotate.Record{Article: annotate.Article{ExtID: "a", Text: "XPCC said nothing.", Title: "T"},
		Annotator: "alice", Status: annotate.StatusTodo, Flag: annotate.Flag{Flagged: true, Comment: why}}
	rec.Article.Meta = map[string]json.RawMessage{"lang": json.RawMessage(`"en"`)}
	out := encodeAll(t, []*annotate.Record{rec, {Article: rec.Article, Annotator: "bob"}})
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if want := `"published":"","flag":true,"comment":"unclear: is XPCC an \"ORG\" or a JURISDICTION?","lang":"en"}`; !strings.Contains(lines[0], want) {
		t.Errorf("alice's record\n%s\nwant meta ending %s", lines[0], want)
	}
	if strings.Contains(lines[1], `"flag"`) {
		t.Errorf("bob's record has alice's flag: %s", lines[1])
	}
	back := decodeAll(t, out)
	if back[0].Flag != rec.Flag || string(back[0].Article.Meta["lang"]) != `"en"` || len(back[0].Article.Meta) != 1 {
		t.Errorf("read back flag %+v, meta %v", back[0].Flag, back[0].Article.Meta)
	}
	if !back[1].Flag.IsZero() {
		t.Errorf("bob's flag read back as %+v", back[1].Flag)
	}

	other := decodeAll(t, []byte(`{"text":"x","meta":{"flag":"red","comment":"c"}}`+"\n"+`{"text":"y","meta":{"comment":"c"}}`))
	for _, r := range other {
		if !r.Flag.IsZero() || r.Article.Meta["comment"] == nil {
			t.Errorf("%q: flag %+v, meta %v: want the keys kept as meta", r.Article.Text, r.Flag, r.Article.Meta)
		}
	}
	unflagged := decodeAll(t, []byte(`{"text":"x","meta":{"flag":false,"comment":"asked"}}`))
	if f := unflagged[0].Flag; f != (annotate.Flag{Comment: "asked"}) || len(unflagged[0].Article.Meta) != 0 {
		t.Errorf("flag %+v, meta %v", f, unflagged[0].Article.Meta)
	}

	dec := NewJSONLDecoder(bytes.NewReader([]byte("\n"+`{"text":"x","meta":{"flag":true,"comment":3}}`)), "in.jsonl")
	if _, err := dec.Next(); err == nil || !strings.Contains(err.Error(), "in.jsonl:2: invalid: meta.comment (the flag's comment) must be a string") {
		t.Errorf("a comment that is not a string: %v", err)
	}

	// The spaCy/Prodigy JSONL carries it the same way.
	var sb bytes.Buffer
	senc := NewSpacyEncoder(&sb)
	if err := senc.Encode(rec); err != nil {
		t.Fatal(err)
	}
	if err := senc.Close(); err != nil {
		t.Fatal(err)
	}
	if back := decodeAll(t, sb.Bytes()); back[0].Flag != rec.Flag {
		t.Errorf("spaCy JSONL: flag %+v read back from %s", back[0].Flag, sb.String())
	}
}
