package suggest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tagdesk/tagdesk/annotate"
)

func runModel(t *testing.T, mode string, timeout time.Duration) (map[string][]annotate.Suggestion, error) {
	t.Helper()
	arts := []*annotate.Article{
		{ID: 1, ExtID: "a1", Text: "🇨🇦 Canada and Canada"},
		{ID: 2, ExtID: "a2", Text: "Nothing here, Canada."},
		{ID: 3, ExtID: "a3", Text: "Côte d'Ivoire"},
	}
	c := &Command{Line: "python3 testdata/model.py " + mode, Timeout: timeout}
	got := map[string][]annotate.Suggestion{}
	err := c.Run(context.Background(), func(yield func(*annotate.Article) error) error {
		for _, a := range arts {
			if err := yield(a); err != nil {
				return err
			}
		}
		return nil
	}, annotate.DefaultSchema(), func(a *annotate.Article, sugs []annotate.Suggestion) error {
		got[a.ExtID] = sugs
		return nil
	})
	return got, err
}

func TestCommandOK(t *testing.T) {
	got, err := runModel(t, "ok", 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a1": "3-9 JURISDICTION Canada [CA]; 14-20 JURISDICTION Canada [CA]", "a2": "14-20 JURISDICTION Canada [CA]", "a3": ""}
	texts := map[string]string{"a1": "🇨🇦 Canada and Canada", "a2": "Nothing here, Canada.", "a3": "Côte d'Ivoire"}
	for id, w := range want {
		sugs, ok := got[id]
		if !ok {
			t.Errorf("%s: not answered", id)
		}
		if g := found(texts[id], sugs); g != w {
			t.Errorf("%s: got %q, want %q", id, g, w)
		}
		for _, s := range sugs {
			if s.Source != "cmd:python3 testdata/model.py ok" || s.ArticleID == 0 {
				t.Errorf("%s: source %q article %d", id, s.Source, s.ArticleID)
			}
		}
	}
}

func TestCommandMisbehaves(t *testing.T) {
	tests := []struct{ mode, want string }{
		{"crash", `"python3 testdata/model.py crash" failed: exit status 3`},
		{"hang", `output of "python3 testdata/model.py hang":2: no answer for 2s: stopped the command`},
		{"badjson", `output of "python3 testdata/model.py badjson":2: `},
		{"offsets", `output of "python3 testdata/model.py offsets":2: article "a2": span 1: invalid: span [5,99999) is outside the text`},
		{"label", `output of "python3 testdata/model.py label":2: article "a2": span 1: invalid: span [0,1): unknown label "NOPE"`},
		{"text", `output of "python3 testdata/model.py text":2: invalid: article "a2": "text" is not the text that was sent`},
		{"unknown", `output of "python3 testdata/model.py unknown":2: invalid: id "nobody" is not an article that was sent`},
		{"twice", `output of "python3 testdata/model.py twice":2: invalid: article "a1" answered twice`},
		{"silent", `output of "python3 testdata/model.py silent":3: invalid: the command ended without answering 1 article(s), the first "a2"`},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			timeout := 10 * time.Second
			if tt.mode == "hang" {
				timeout = 2 * time.Second
			}
			_, err := runModel(t, tt.mode, timeout)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error starting %q", err, tt.want)
			}
			var pe *annotate.PosError
			if strings.Contains(tt.want, "output of") && !errors.As(err, &pe) {
				t.Errorf("%v is not a PosError", err)
			}
		})
	}
}

func TestCommandNotFound(t *testing.T) {
	c := &Command{Line: "no-such-model-program-xyz", Timeout: 10 * time.Second}
	err := c.Run(context.Background(), func(yield func(*annotate.Article) error) error {
		return yield(&annotate.Article{ID: 1, ExtID: "x", Text: "t"})
	}, annotate.DefaultSchema(), func(*annotate.Article, []annotate.Suggestion) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "failed: exit status 127") {
		t.Fatalf("got %v", err)
	}
}
