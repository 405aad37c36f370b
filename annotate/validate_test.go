package annotate

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestSpanValidate(t *testing.T) {
	s := DefaultSchema()
	ix := NewIndex("Canada 🇨🇦 froze assets.")
	tests := []struct {
		name string
		sp   Span
		want string // substring of the error; "" for no error
	}{
		{"OK", Span{Start: 0, End: 6, Label: "JURISDICTION", Text: "Canada", Attrs: map[string]string{"role": "imposing"}}, ""},
		{"OKFlag", Span{Start: 7, End: 9, Label: "JURISDICTION", Text: "🇨🇦"}, ""},
		{"OKEmptyChoice", Span{Start: 10, End: 15, Label: "MEASURE", Attrs: map[string]string{"type": ""}}, ""},
		{"ErrOutside", Span{Start: 20, End: 40, Label: "ORG"}, "outside the text"},
		{"ErrNegative", Span{Start: -1, End: 3, Label: "ORG"}, "outside the text"},
		{"ErrEmpty", Span{Start: 3, End: 3, Label: "ORG"}, "start must be < end"},
		{"ErrReversed", Span{Start: 5, End: 2, Label: "ORG"}, "start must be < end"},
		{"ErrUnknownLabel", Span{Start: 0, End: 6, Label: "GPE"}, `unknown label "GPE"`},
		{"ErrTextMismatch", Span{Start: 0, End: 6, Label: "ORG", Text: "Canad"}, "does not match"},
		{"ErrUnknownAttr", Span{Start: 0, End: 6, Label: "PERSON", Attrs: map[string]string{"role": "x"}}, `unknown attribute "role"`},
		{"ErrBadChoice", Span{Start: 0, End: 6, Label: "JURISDICTION", Attrs: map[string]string{"role": "boss"}}, "is not one of"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.sp.Validate(ix, s)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("got %v want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("got %v want an ErrInvalid containing %q", err, tt.want)
			}
		})
	}
}

func TestRecordValidate(t *testing.T) {
	s := DefaultSchema()
	tests := []struct {
		name string
		rec  Record
		want string
	}{
		{"OK", Record{Article: Article{ExtID: "a", Text: "Wang"}, Spans: []Span{{Start: 0, End: 4, Label: "PERSON"}}}, ""},
		{"ErrNoID", Record{Article: Article{Text: "x"}}, "no id"},
		{"ErrInvalidUTF8", Record{Article: Article{ExtID: "a", Text: "ab\xffc"}}, "not valid UTF-8 (byte 2)"},
		{"ErrStatus", Record{Article: Article{ExtID: "a", Text: "x"}, Status: "finished"}, "unknown status"},
		{"ErrSpan", Record{Article: Article{ExtID: "a", Text: "x"}, Spans: []Span{{Start: 0, End: 2, Label: "ORG"}}}, "outside"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.rec.Validate(s)
			if (err == nil) != (tt.want == "") || (err != nil && !strings.Contains(err.Error(), tt.want)) {
				t.Fatalf("got %v want %q", err, tt.want)
			}
		})
	}
}

func TestSchema(t *testing.T) {
	s := DefaultSchema()
	if got := len(s.Labels); got != 4 {
		t.Fatalf("default labels: got %d want 4", got)
	}
	for i, name := range []string{"PERSON", "ORG", "MEASURE", "JURISDICTION"} {
		if l := s.LabelByKey(string(rune('1' + i))); l == nil || l.Name != name {
			t.Errorf("key %d: got %v want %s", i+1, l, name)
		}
	}
	back, err := ParseSchema("roundtrip.toml", s.TOML())
	if err != nil {
		t.Fatalf("TOML round trip: %v", err)
	}
	if len(back.Labels) != 4 || len(back.Label("MEASURE").Attr("type").Choices) != 6 {
		t.Fatalf("TOML round trip lost data: %+v", back)
	}
	bad := []struct{ name, in, want string }{
		{"ErrNoLabels", `labels = []`, "no labels"},
		{"ErrKey", "[[labels]]\nname=\"A\"\nkey=\"0\"\ncolor=\"#000000\"", "one of 1-9"},
		{"ErrColour", "[[labels]]\nname=\"A\"\nkey=\"1\"\ncolor=\"red\"", "#RRGGBB"},
		{"ErrDupKey", "[[labels]]\nname=\"A\"\nkey=\"1\"\ncolor=\"#000000\"\n[[labels]]\nname=\"B\"\nkey=\"1\"\ncolor=\"#000000\"", "already used"},
		{"ErrUnknownKey", "[[labels]]\nname=\"A\"\nkey=\"1\"\ncolor=\"#000000\"\ncolour=\"x\"", "unknown key"},
		{"ErrTOMLSyntax", "[[labels]\nname=", "schema.toml:2: invalid: toml"},
		{"ErrJSONSyntax", "{\"labels\": [\n{\"name\": }]}", "schema.toml:2"},
		{"OKJSON", `{"labels":[{"name":"A","key":"1","color":"#102030"}]}`, ""},
		{"OKNoKey", "[[labels]]\nname=\"A\"\nkey=\"\"\ncolor=\"#000000\"\n[[labels]]\nname=\"B\"\nkey=\"\"\ncolor=\"#000000\"", ""},
		{"OKTwelveLabels", twelveLabels(), ""},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSchema("schema.toml", []byte(tt.in))
			if (err == nil) != (tt.want == "") || (err != nil && !strings.Contains(err.Error(), tt.want)) {
				t.Fatalf("got %v want %q", err, tt.want)
			}
		})
	}
}

// twelveLabels is a schema of twelve labels: keys 1-9 on the first nine,
// none on the rest.
func twelveLabels() string {
	var b strings.Builder
	for i := 0; i < 12; i++ {
		key := ""
		if i < 9 {
			key = string(rune('1' + i))
		}
		fmt.Fprintf(&b, "[[labels]]\nname=\"L%d\"\nkey=%q\ncolor=\"#102030\"\n", i, key)
	}
	return b.String()
}
