package storage_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage"
)

// TestCheckRelations: a relation whose labels the schema no longer allows
// (one end relabelled) is stored, shown by check, and counted by stats.
func TestCheckRelations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rel.db")
	db := mustOpenPath(t, path)
	text := "Wang Junzheng heads the Xinjiang bureau."
	rec := &annotate.Record{Article: annotate.Article{ExtID: "r", Text: text}, Annotator: "alice",
		Spans:     []annotate.Span{span(text, "Wang Junzheng", "PERSON"), span(text, "Xinjiang bureau", "ORG")},
		Relations: []annotate.RecordRelation{{Head: 0, Child: 1, Label: "affiliated_with"}}}
	if err := importRecords(t, db, rec); err != nil {
		t.Fatal(err)
	}
	spans, err := db.Spans(ctx, 1, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if res, problems := checkProblems(t, path); len(problems) != 0 || res.Relations != 1 {
		t.Fatalf("check before the relabel: %+v %v", res, problems)
	}
	spans[0].Label = "JURISDICTION"
	if err := db.UpdateSpan(ctx, &spans[0]); err != nil {
		t.Fatal(err)
	}
	st, err := db.Stats(ctx)
	if err != nil || st.Relations != 1 || st.RelationsByType["affiliated_with"] != 1 {
		t.Errorf("stats: %+v %v", st, err)
	}
	db.Close()
	_, problems := checkProblems(t, path)
	if len(problems) != 1 || !strings.Contains(problems[0], "relation 1 (annotator \"alice\") from span 1 to span 2: invalid: relation affiliated_with goes from PERSON to ORG|JURISDICTION, not from JURISDICTION to ORG") {
		t.Errorf("check after the relabel: %q", problems)
	}
}

// TestOldReadOnlyRelations: a database of a version before relations,
// opened read-only, exports and counts without them.
func TestOldReadOnlyRelations(t *testing.T) {
	path := copyFixture(t, "v3.db")
	db, err := storage.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got, want := exportString(t, db), wantExport(t, "v3.db"); got != want {
		t.Errorf("read-only export of v3 differs:\ngot  %.300s\nwant %.300s", got, want)
	}
}
