package agree

import (
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

func rec(who, text string, spans ...annotate.Span) *annotate.Record {
	return &annotate.Record{Article: annotate.Article{ID: 1, ExtID: "x", Text: text}, Annotator: who, Spans: spans}
}

func sp(s, e int, l string) annotate.Span { return annotate.Span{Start: s, End: e, Label: l} }

func TestSpans(t *testing.T) {
	text := "Canada sanctions Wang Junzheng and the EU today."
	st, err := New(Options{Annotators: []string{"alice", "bob"}})
	if err != nil {
		t.Fatal(err)
	}
	st.Add([]*annotate.Record{
		rec("alice", text, sp(0, 6, "JURISDICTION"), sp(17, 30, "PERSON"), sp(39, 41, "ORG"), sp(42, 47, "DATE")),
		rec("bob", text, sp(0, 6, "JURISDICTION"), sp(22, 30, "PERSON"), sp(39, 41, "JURISDICTION"), sp(7, 16, "MEASURE")),
	})
	rep := st.Report()
	p := rep.Pairs[0]
	if got, want := p.Spans, (Counts{A: 4, B: 4, Exact: 1, Overlap: 2}); got != want {
		t.Errorf("counts: got %+v, want %+v", got, want)
	}
	if got := p.Spans.F1(true); got != 0.5 {
		t.Errorf("overlap F1: got %v, want 0.5", got)
	}
	for _, c := range []struct {
		a, b string
		want int
	}{{"JURISDICTION", "JURISDICTION", 1}, {"PERSON", "PERSON", 1}, {"ORG", "JURISDICTION", 1}, {"DATE", "", 1}, {"", "MEASURE", 1}} {
		if got := rep.Confusion[c.a][c.b]; got != c.want {
			t.Errorf("confusion[%q][%q]: got %d, want %d (%v)", c.a, c.b, got, c.want, rep.Confusion)
		}
	}
	if len(rep.Articles) != 1 || rep.Articles[0].ExactF1 != 0.25 {
		t.Errorf("article: %+v", rep.Articles)
	}
	if _, err := New(Options{Annotators: []string{"alice"}}); err == nil {
		t.Error("one annotator: no error")
	}
}
