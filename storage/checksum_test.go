package storage_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage"
)

// checkProblems runs Check on path and returns its problems.
func checkProblems(t *testing.T, path string) (storage.CheckResult, []string) {
	t.Helper()
	var problems []string
	res, err := storage.Check(ctx, path, func(p string) { problems = append(problems, p) }, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res, problems
}

// TestChecksums: every way of writing a row stores its checksum (an
// import, a merging import that changes spans and metadata, AddSpans,
// UpdateSpan), so check finds nothing; a row changed behind storage's back
// is named by check, and export refuses its article or, with
// SkipDamaged, leaves it out.
func TestChecksums(t *testing.T) {
	db := mustOpenDB(t)
	rec := sampleRecord()
	if err := importRecords(t, db, rec); err != nil {
		t.Fatal(err)
	}
	again := sampleRecord()
	again.Article.Title, again.Article.Meta["lang"] = "Other title", []byte(`"fr"`)
	again.Spans[0].Note, again.Spans[1].Attrs = "changed", map[string]string{"role": "other"}
	again.Spans = append(again.Spans, again.Spans[0], span(hardText, "Wang", "PERSON")) // a duplicate within the record, and a new one
	if err := importRecords(t, db, again); err != nil {
		t.Fatal(err)
	}
	sp := span(hardText, "sanctions", "MEASURE")
	sp.ArticleID, sp.Annotator = 1, "bob"
	if err := db.AddSpan(ctx, &sp); err != nil {
		t.Fatal(err)
	}
	sp.Note = "edited"
	if err := db.UpdateSpan(ctx, &sp); err != nil {
		t.Fatal(err)
	}
	if res, problems := checkProblems(t, db.Path()); res.Problems != 0 || res.Spans != 7 {
		t.Fatalf("check after writing: %d spans, problems %q", res.Spans, problems)
	}

	rawExec(t, db.Path(), `UPDATE spans SET note = 'garbled' WHERE id = 2`)
	res, problems := checkProblems(t, db.Path())
	if res.Damaged != 1 || len(problems) != 1 || !strings.HasSuffix(problems[0], "span 2 (annotator \"alice\"): does not match its checksum: damage to the file changed it") {
		t.Errorf("check of a changed span: %+v %q", res, problems)
	}
	err := db.Export(ctx, annotate.ExportFilter{}, func(*annotate.Record) error { return nil })
	if !errors.Is(err, annotate.ErrDamaged) || !strings.Contains(err.Error(), "article 1 (hard-1): its JURISDICTION span [8,10) of annotator \"alice\" does not match the checksum") {
		t.Errorf("export of a damaged article: %v", err)
	}
	var skipped []string
	n := 0
	err = db.Export(ctx, annotate.ExportFilter{SkipDamaged: func(id int64, ext, why string) { skipped = append(skipped, ext) }},
		func(*annotate.Record) error { n++; return nil })
	if err != nil || n != 0 || len(skipped) != 1 || skipped[0] != "hard-1" {
		t.Errorf("export with SkipDamaged: %v, %d records, skipped %q", err, n, skipped)
	}
}

// TestChecksumMigration: opening a database of schema version 1 fills the
// checksums of the rows it holds.
func TestChecksumMigration(t *testing.T) {
	path := copyFixture(t, "v1.db")
	db := mustOpenPath(t, path)
	db.Close()
	if res, problems := checkProblems(t, path); res.Problems != 0 || res.Spans == 0 {
		t.Errorf("check after the migration: %+v %q", res, problems)
	}
}
