package storetest

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tagdesk/tagdesk/annotate"
)

func (c *contract) testImport(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		st := c.store(t)
		rec := hardRecord("alice")
		id := mustImport(t, st, rec)["hard"]
		a, err := st.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		checkArticle(t, a, &rec.Article)
		if got := statusOf(t, st, id, "alice"); got != annotate.StatusDone {
			t.Errorf("status %s, want done", got)
		}
		if got, want := spansOf(t, st, id, "alice", false), spanList(sortedSpans(rec.Spans, "alice"), false); got != want {
			t.Errorf("spans:\n got %s\nwant %s", got, want)
		}
	})
	t.Run("MergeArticleByExtID", func(t *testing.T) {
		st := c.store(t)
		id := mustImport(t, st, hardRecord("alice"))["hard"]
		spans := spansOf(t, st, id, "alice", true)
		again := plainRecord("hard", "New title", HardText)
		again.Article.Source, again.Article.URL, again.Article.Published = "AFP", "https://example.org/2", "2021-03-23"
		again.Article.Meta = map[string]json.RawMessage{"lang": json.RawMessage(`"fr"`)}
		ids := mustImport(t, st, again)
		if len(ids) != 1 || ids["hard"] != id {
			t.Fatalf("articles after a second import of the same ExtID: %v, want hard=%d only", ids, id)
		}
		a, err := st.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		want := again.Article
		want.Meta = map[string]json.RawMessage{"lang": json.RawMessage(`"fr"`), "tags": json.RawMessage(`["a", "b"]`)}
		checkArticle(t, a, &want) // "tags", not carried, kept
		if got := spansOf(t, st, id, "alice", true); got != spans {
			t.Errorf("the metadata import changed the spans:\n got %s\nwant %s", got, spans)
		}
		if got := statusOf(t, st, id, "alice"); got != annotate.StatusDone {
			t.Errorf("the metadata import changed the status to %s", got)
		}
	})
	t.Run("ErrConflictText", func(t *testing.T) {
		c.abortedImport(t, "an import whose Put failed", func(tx annotate.ImportTx) {
			if err := tx.Put(ctx, plainRecord("fresh", "Fresh", "A new article.")); err != nil {
				t.Fatal(err)
			}
			other := hardRecord("alice")
			other.Article.Text = strings.Replace(HardText, "Canada", "Canadá", 1)
			other.Spans = nil
			wantErr(t, "Put of a known ExtID with another text", tx.Put(ctx, other), annotate.ErrConflict)
			tx.Commit() // the Put error has ended the import: nothing is committed
			tx.Rollback()
		})
	})
	t.Run("MergeSpans", func(t *testing.T) {
		st := c.store(t)
		id := mustImport(t, st, hardRecord("alice"))["hard"]
		old, err := st.Spans(ctx, id, "alice")
		if err != nil {
			t.Fatal(err)
		}
		rec := hardRecord("alice")
		rec.Status = ""
		changed := SpanOf(HardText, "Xinjiang", "JURISDICTION")
		changed.Attrs, changed.Note, changed.Canonical = map[string]string{"role": "other"}, "changed", "XUAR"
		added := SpanOf(HardText, "Wang Junzheng", "PERSON")
		rec.Spans = []annotate.Span{changed, added}
		bob := hardRecord("bob")
		bob.Spans = bob.Spans[:1] // the same span as alice's, for bob
		mustImport(t, st, rec, bob)

		want := sortedSpans(append(hardRecord("alice").Spans[1:], changed, added), "alice")
		if got, want := spansOf(t, st, id, "alice", false), spanList(want, false); got != want {
			t.Errorf("alice's spans after the merge:\n got %s\nwant %s", got, want)
		}
		now, err := st.Spans(ctx, id, "alice")
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range old {
			for _, n := range now {
				if n.Start == o.Start && n.End == o.End && n.Label == o.Label && n.ID != o.ID {
					t.Errorf("%s[%d,%d) was replaced (id %d → %d), not merged", o.Label, o.Start, o.End, o.ID, n.ID)
				}
			}
		}
		if got, want := spansOf(t, st, id, "bob", false), spanList(sortedSpans(bob.Spans, "bob"), false); got != want {
			t.Errorf("bob's spans: got %s want %s", got, want)
		}
		if got := statusOf(t, st, id, "alice"); got != annotate.StatusDone {
			t.Errorf("a record without a status changed alice's status to %s", got)
		}
	})
	t.Run("Status", func(t *testing.T) {
		st := c.store(t)
		id := mustImport(t, st, hardRecord("alice"))["hard"]
		rec := hardRecord("alice")
		rec.Status, rec.Spans = annotate.StatusSkipped, nil
		bob := hardRecord("bob")
		bob.Status, bob.Spans = annotate.StatusInProgress, nil
		mustImport(t, st, rec, bob)
		for who, want := range map[string]annotate.Status{"alice": annotate.StatusSkipped, "bob": annotate.StatusInProgress, "carol": annotate.StatusTodo} {
			if got := statusOf(t, st, id, who); got != want {
				t.Errorf("%s: status %s, want %s", who, got, want)
			}
		}
	})
	t.Run("AgainChangesNothing", func(t *testing.T) {
		st := c.store(t)
		recs := []*annotate.Record{hardRecord("alice"), hardRecord("bob"), plainRecord("plain", "Plain", "Just\ttext.\r\n")}
		mustImport(t, st, recs...)
		before := state(t, st)
		mustImport(t, st, recs...)
		unchanged(t, st, before, "importing the same records again")
	})
	t.Run("Rollback", func(t *testing.T) {
		c.abortedImport(t, "a rolled back import", func(tx annotate.ImportTx) {
			changed := hardRecord("alice")
			changed.Article.Title, changed.Status = "Changed", annotate.StatusSkipped
			changed.Spans[0].Note = "changed"
			changed.Spans = append(changed.Spans, SpanOf(HardText, "Wang", "PERSON"))
			for _, r := range []*annotate.Record{plainRecord("new", "New", "New text."), changed, hardRecord("bob")} {
				if err := tx.Put(ctx, r); err != nil {
					t.Fatal(err)
				}
			}
			if err := tx.Rollback(); err != nil {
				t.Fatal(err)
			}
		})
	})
	t.Run("InvisibleUntilCommit", func(t *testing.T) {
		st := c.store(t)
		before := snap(t, st)
		tx, err := st.BeginImport(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if err := tx.Put(ctx, hardRecord("alice")); err != nil {
			t.Fatal(err)
		}
		same(t, st, before, "an import before its Commit")
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if ids := idsOf(t, st); len(ids) != 1 {
			t.Errorf("after Commit: articles %v, want hard", ids)
		}
	})
}

// abortedImport runs do on a new import into a store holding alice's
// hardRecord; do must end it without a commit. The store must be left
// exactly as it was.
func (c *contract) abortedImport(t *testing.T, what string, do func(tx annotate.ImportTx)) {
	st := c.store(t)
	mustImport(t, st, hardRecord("alice"))
	before := snap(t, st)
	tx, err := st.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	do(tx)
	same(t, st, before, what)
}

// checkArticle compares what an import promises to keep of an article.
func checkArticle(t *testing.T, got, want *annotate.Article) {
	t.Helper()
	if got.ExtID != want.ExtID || got.Title != want.Title || got.Source != want.Source || got.URL != want.URL || got.Published != want.Published {
		t.Errorf("article metadata:\n got %q %q %q %q %q\nwant %q %q %q %q %q", got.ExtID, got.Title, got.Source, got.URL, got.Published,
			want.ExtID, want.Title, want.Source, want.URL, want.Published)
	}
	if got.Text != want.Text {
		t.Errorf("text not kept byte for byte:\n got %q\nwant %q", got.Text, want.Text)
	}
	if (len(got.Meta) > 0 || len(want.Meta) > 0) && !reflect.DeepEqual(got.Meta, want.Meta) {
		t.Errorf("meta: got %s want %s", metaString(got.Meta), metaString(want.Meta))
	}
}

func metaString(m map[string]json.RawMessage) string {
	b, _ := json.Marshal(m)
	return string(b)
}

// testTexts: every text of Texts comes back byte for byte from Article and
// Export, and spans over it, up to its last code point, keep their text.
func (c *contract) testTexts(t *testing.T) {
	for _, tt := range Texts {
		t.Run(tt.Name, func(t *testing.T) {
			st := c.store(t)
			rec := &annotate.Record{Article: annotate.Article{ExtID: tt.Name, Text: tt.Text}, Annotator: "alice"}
			if n := utf8.RuneCountInString(tt.Text); n > 0 {
				_, size := utf8.DecodeLastRuneInString(tt.Text)
				rec.Spans = []annotate.Span{
					{Start: 0, End: n, Label: "ORG", Text: tt.Text},
					{Start: n - 1, End: n, Label: "PERSON", Text: tt.Text[len(tt.Text)-size:]},
				}
			}
			id := mustImport(t, st, rec)[tt.Name]
			a, err := st.Article(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			checkArticle(t, a, &rec.Article)
			out := exportAll(t, st, annotate.ExportFilter{})
			if len(out) != 1 {
				t.Fatalf("export: %d records, want 1", len(out))
			}
			checkArticle(t, &out[0].Article, &rec.Article)
			got := out[0].Spans
			if len(got) != len(rec.Spans) {
				t.Fatalf("export: %d spans, want %d", len(got), len(rec.Spans))
			}
			for i := range got {
				if got[i].Text != rec.Spans[i].Text || got[i].Start != rec.Spans[i].Start || got[i].End != rec.Spans[i].End {
					t.Errorf("span %d: got [%d,%d) %q, want [%d,%d) %q", i, got[i].Start, got[i].End, got[i].Text,
						rec.Spans[i].Start, rec.Spans[i].End, rec.Spans[i].Text)
				}
			}
		})
	}
}
