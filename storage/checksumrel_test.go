package storage_test

import (
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// TestRelationChecksums: every way of writing a relation stores its
// checksum (an import of a new article, a merging import that adds a
// relation and changes a note, AddRelation, UpdateRelation, the undo of
// an import), so check finds nothing; a relation row changed behind
// storage's back is named by check with its article, export refuses that
// article or, with SkipDamaged, leaves it out, and the window's read of
// the article refuses it.
func TestRelationChecksums(t *testing.T) {
	path := filepath.Join(t.TempDir(), "relsum.db")
	db := mustOpenPath(t, path)
	text := "Canada froze the assets of Wang Junzheng of the Xinjiang bureau."
	spans := []annotate.Span{span(text, "Canada", "JURISDICTION"), span(text, "froze the assets", "MEASURE"),
		span(text, "Wang Junzheng", "PERSON"), span(text, "Xinjiang bureau", "ORG")}
	rec := func(id string, rels ...annotate.RecordRelation) *annotate.Record {
		return &annotate.Record{Article: annotate.Article{ExtID: id, Text: text}, Annotator: "alice", Spans: spans, Relations: rels}
	}
	imposed := annotate.RecordRelation{Head: 1, Child: 0, Label: "imposed_by"}
	targets := annotate.RecordRelation{Head: 1, Child: 2, Label: "targets"}
	if err := importRecords(t, db, rec("a", imposed), rec("b", imposed, targets)); err != nil {
		t.Fatal(err)
	}
	noted := imposed
	noted.Note = "changed"
	if err := importRecords(t, db, rec("a", noted, targets)); err != nil { // batch 2: one note changed, one relation added
		t.Fatal(err)
	}
	stored, err := db.Spans(ctx, 1, "alice")
	if err != nil || len(stored) != 4 {
		t.Fatalf("spans: %v %v", stored, err)
	}
	r := annotate.Relation{ArticleID: 1, Annotator: "alice", Head: stored[2].ID, Tail: stored[3].ID, Label: "affiliated_with"}
	if err := db.AddRelation(ctx, &r); err != nil {
		t.Fatal(err)
	}
	r.Note = "edited"
	if err := db.UpdateRelation(ctx, &r); err != nil {
		t.Fatal(err)
	}
	if res, problems := checkProblems(t, path); res.Problems != 0 || res.Relations != 5 {
		t.Fatalf("check after writing: %d relations, problems %q", res.Relations, problems)
	}
	if _, err := db.UndoImport(ctx, 2, true); err != nil {
		t.Fatal(err)
	}
	if res, problems := checkProblems(t, path); res.Problems != 0 || res.Relations != 4 {
		t.Fatalf("check after the undo: %d relations, problems %q", res.Relations, problems)
	}

	b, err := db.Relations(ctx, 2, "alice")
	if err != nil || len(b) != 2 {
		t.Fatalf("relations of b: %v %v", b, err)
	}
	rawExec(t, path, `UPDATE relations SET note = 'garbled' WHERE id = `+strconv.FormatInt(b[1].ID, 10))
	res, problems := checkProblems(t, path)
	want := "article 2 (b) relation " + strconv.FormatInt(b[1].ID, 10) + " (annotator \"alice\") from span " + strconv.FormatInt(b[1].Head, 10) + " to span " + strconv.FormatInt(b[1].Tail, 10) +
		": does not match its checksum: damage to the file changed it"
	if res.Damaged != 1 || len(problems) != 1 || problems[0] != want {
		t.Errorf("check of a changed relation: %+v %q, want %q", res, problems, want)
	}
	err = db.Export(ctx, annotate.ExportFilter{}, func(*annotate.Record) error { return nil })
	if !errors.Is(err, annotate.ErrDamaged) || !strings.Contains(err.Error(), "article 2 (b): its "+b[1].Label+" relation from span") {
		t.Errorf("export of a damaged article: %v", err)
	}
	var skipped, exported []string
	err = db.Export(ctx, annotate.ExportFilter{SkipDamaged: func(id int64, ext, why string) { skipped = append(skipped, ext) }},
		func(r *annotate.Record) error { exported = append(exported, r.Article.ExtID); return nil })
	if err != nil || len(skipped) != 1 || skipped[0] != "b" || len(exported) != 1 || exported[0] != "a" {
		t.Errorf("export with SkipDamaged: %v, exported %q, skipped %q", err, exported, skipped)
	}
	if _, err := db.Article(ctx, 2); !errors.Is(err, annotate.ErrDamaged) {
		t.Errorf("opening the damaged article: %v", err)
	}
	if _, err := db.Article(ctx, 1); err != nil {
		t.Errorf("opening the other article: %v", err)
	}
}

// TestRelationChecksumMigration: opening a database of the schema version
// before relation checksums fills them for the relations it holds.
func TestRelationChecksumMigration(t *testing.T) {
	path := copyFixture(t, "v6.db")
	db := mustOpenPath(t, path)
	db.Close()
	if res, problems := checkProblems(t, path); res.Problems != 0 || res.Relations == 0 {
		t.Errorf("check after the migration: %+v %q", res, problems)
	}
}
