package storetest

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

func (c *contract) testArticle(t *testing.T) {
	t.Run("ErrNotFound", func(t *testing.T) {
		st := c.store(t)
		_, err := st.Article(ctx, 1)
		wantErr(t, "Article in an empty store", err, annotate.ErrNotFound)
		id := mustImport(t, st, hardRecord("alice"))["hard"]
		_, err = st.Article(ctx, id+1000)
		wantErr(t, "Article of an absent id", err, annotate.ErrNotFound)
	})
}

func (c *contract) testStatus(t *testing.T) {
	t.Run("TodoUnset", func(t *testing.T) {
		st, ids := c.withArticles(t, "a")
		for _, who := range []string{"", "alice"} {
			if got := statusOf(t, st, ids["a"], who); got != annotate.StatusTodo {
				t.Errorf("%q: status %s, want todo", who, got)
			}
		}
	})
	t.Run("SetStatus", func(t *testing.T) {
		st, ids := c.withArticles(t, "a")
		for _, s := range append(annotate.Statuses[1:], annotate.StatusTodo) {
			if err := st.SetStatus(ctx, ids["a"], "alice", s); err != nil {
				t.Fatal(err)
			}
			if got := statusOf(t, st, ids["a"], "alice"); got != s {
				t.Errorf("after SetStatus %s: %s", s, got)
			}
		}
	})
	t.Run("PerAnnotator", func(t *testing.T) {
		st, ids := c.withArticles(t, "a", "b")
		if err := st.SetStatus(ctx, ids["a"], "alice", annotate.StatusDone); err != nil {
			t.Fatal(err)
		}
		if err := st.SetStatus(ctx, ids["a"], "bob", annotate.StatusSkipped); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			id   int64
			who  string
			want annotate.Status
		}{{ids["a"], "alice", annotate.StatusDone}, {ids["a"], "bob", annotate.StatusSkipped}, {ids["a"], "carol", annotate.StatusTodo},
			{ids["a"], "", annotate.StatusTodo}, {ids["b"], "alice", annotate.StatusTodo}} {
			if got := statusOf(t, st, tt.id, tt.who); got != tt.want {
				t.Errorf("%q on %d: %s, want %s", tt.who, tt.id, got, tt.want)
			}
		}
	})
}

// listStore returns a store of four articles, a to d in that order, whose
// titles and texts the queries below tell apart; alice has done a (one
// span), skipped b and has one span on c.
func (c *contract) listStore(t *testing.T) (annotate.Store, map[string]int64) {
	t.Helper()
	st := c.store(t)
	a := plainRecord("a", "Canada acts", "Canada sanctions four officials.")
	a.Annotator, a.Status = "alice", annotate.StatusDone
	a.Spans = []annotate.Span{{Start: 0, End: 6, Label: "JURISDICTION", Annotator: "alice"}}
	ids := mustImport(t, st, a,
		plainRecord("b", "Weather", "Rain in Xinjiang today."),
		plainRecord("c", "Percent", "Nothing 100% related_here."),
		plainRecord("d", "Reuters on Xinjiang", "CANADA again."))
	if err := st.SetStatus(ctx, ids["b"], "alice", annotate.StatusSkipped); err != nil {
		t.Fatal(err)
	}
	if err := st.AddSpan(ctx, &annotate.Span{ArticleID: ids["c"], Start: 0, End: 7, Label: "ORG", Annotator: "alice"}); err != nil {
		t.Fatal(err)
	}
	return st, ids
}

// listTests are article filters with the page that ListArticles returns
// and the number that CountArticles does.
var listTests = []struct {
	name  string
	f     annotate.ArticleFilter
	page  []string
	count int
}{
	{"All", annotate.ArticleFilter{}, []string{"a", "b", "c", "d"}, 4},
	{"QueryTitleOrText", annotate.ArticleFilter{Query: "Xinjiang"}, []string{"b", "d"}, 2},
	{"QueryTitle", annotate.ArticleFilter{Query: "Reuters"}, []string{"d"}, 1},
	{"QueryText", annotate.ArticleFilter{Query: "sanctions four"}, []string{"a"}, 1},
	{"QueryPercentLiteral", annotate.ArticleFilter{Query: "%"}, []string{"c"}, 1},
	{"QueryUnderscoreLiteral", annotate.ArticleFilter{Query: "_"}, []string{"c"}, 1},
	{"QueryNone", annotate.ArticleFilter{Query: "Ottawa"}, nil, 0},
	{"Page", annotate.ArticleFilter{Offset: 1, Limit: 2}, []string{"b", "c"}, 4},
	{"PageNoLimit", annotate.ArticleFilter{Offset: 3}, []string{"d"}, 4},
	{"PagePastEnd", annotate.ArticleFilter{Offset: 4, Limit: 2}, nil, 4},
	{"PageOfQuery", annotate.ArticleFilter{Query: "Xinjiang", Offset: 1, Limit: 5}, []string{"d"}, 2},
	{"Annotator", annotate.ArticleFilter{Annotator: "alice"}, []string{"a", "b", "c", "d"}, 4},
	{"Status", annotate.ArticleFilter{Annotator: "alice", Status: []annotate.Status{annotate.StatusTodo, annotate.StatusInProgress}}, []string{"c", "d"}, 2},
	{"StatusOfAnother", annotate.ArticleFilter{Annotator: "bob", Status: []annotate.Status{annotate.StatusTodo}}, []string{"a", "b", "c", "d"}, 4},
	{"HasSpans", annotate.ArticleFilter{Annotator: "alice", HasSpans: true}, []string{"a", "c"}, 2},
	{"HasSpansOfAnother", annotate.ArticleFilter{Annotator: "bob", HasSpans: true}, nil, 0},
	{"StatusSpansPage", annotate.ArticleFilter{Annotator: "alice", HasSpans: true,
		Status: []annotate.Status{annotate.StatusDone, annotate.StatusInProgress}, Offset: 1}, []string{"c"}, 2},
}

func (c *contract) testListArticles(t *testing.T) {
	st, _ := c.listStore(t)
	for _, tt := range listTests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := st.ListArticles(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range list {
				got = append(got, s.ExtID)
			}
			if !reflect.DeepEqual(got, tt.page) {
				t.Errorf("got %v, want %v", got, tt.page)
			}
		})
	}
	t.Run("Summary", func(t *testing.T) {
		ids := idsOf(t, st)
		for _, tt := range []struct {
			who  string
			want string
		}{
			{"alice", "a Canada acts done 1; b Weather skipped 0; c Percent in_progress 1; d Reuters on Xinjiang todo 0; "},
			{"bob", "a Canada acts todo 0; b Weather todo 0; c Percent todo 0; d Reuters on Xinjiang todo 0; "},
		} {
			list, err := st.ListArticles(ctx, annotate.ArticleFilter{Annotator: tt.who})
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			for _, s := range list {
				got += fmt.Sprintf("%s %s %s %d; ", s.ExtID, s.Title, s.Status, s.Spans)
				if s.ID != ids[s.ExtID] {
					t.Errorf("%s: id %d, want %d", s.ExtID, s.ID, ids[s.ExtID])
				}
			}
			if got != tt.want {
				t.Errorf("%s:\n got %s\nwant %s", tt.who, got, tt.want)
			}
		}
	})
	t.Run("ArticleOrder", func(t *testing.T) {
		mustImport(t, st, plainRecord("0", "Zero", "Imported last."))
		ids := idsOf(t, st)
		list, err := st.ListArticles(ctx, annotate.ArticleFilter{Limit: 1, Offset: 4})
		if err != nil || len(list) != 1 || list[0].ID != ids["0"] {
			t.Errorf("the article imported last is not listed last: %+v, %v", list, err)
		}
	})
}

func (c *contract) testCountArticles(t *testing.T) {
	st, _ := c.listStore(t)
	for _, tt := range listTests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := st.CountArticles(ctx, tt.f)
			if err != nil || n != tt.count {
				t.Errorf("got %d, %v; want %d", n, err, tt.count)
			}
		})
	}
}

func (c *contract) testProgress(t *testing.T) {
	st, _ := c.listStore(t)
	for _, tt := range []struct {
		who  string
		want map[annotate.Status]int
		done int
	}{
		{"alice", map[annotate.Status]int{annotate.StatusTodo: 1, annotate.StatusInProgress: 1, annotate.StatusDone: 1, annotate.StatusSkipped: 1}, 2},
		{"bob", map[annotate.Status]int{annotate.StatusTodo: 4}, 0},
	} {
		t.Run(tt.who, func(t *testing.T) {
			p, err := st.Progress(ctx, tt.who)
			if err != nil {
				t.Fatal(err)
			}
			if p.Total != 4 || !reflect.DeepEqual(nonZero(p.ByStatus), tt.want) || p.Done() != tt.done {
				t.Errorf("got total %d %v done %d, want 4 %v done %d", p.Total, p.ByStatus, p.Done(), tt.want, tt.done)
			}
		})
	}
}

// nonZero returns m without its zero counts.
func nonZero[K comparable](m map[K]int) map[K]int {
	out := map[K]int{}
	for k, n := range m {
		if n != 0 {
			out[k] = n
		}
	}
	return out
}
