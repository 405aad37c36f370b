package storage_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/format"
)

// A new database has 16 KB pages; an existing one keeps its own.
func TestNewDatabasePageSize(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	db := mustOpenPath(t, path)
	db.Close()
	header := readFile(t, path)[:18]
	if size := int(header[16])<<8 | int(header[17]); size != 16384 {
		t.Errorf("new database: page size %d, want 16384", size)
	}
	old := filepath.Join(t.TempDir(), "v1.db")
	if err := os.WriteFile(old, readFile(t, "testdata/v1.db"), 0o644); err != nil {
		t.Fatal(err)
	}
	db = mustOpenPath(t, old)
	if err := importRecords(t, db, sampleRecord()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	header = readFile(t, old)[:18]
	if size := int(header[16])<<8 | int(header[17]); size != 4096 {
		t.Errorf("existing database: page size %d, want its own 4096", size)
	}
}

// PutValidated trusts a record only when it was validated against the
// stored schema; against another schema, it validates again.
func TestPutValidatedOtherSchema(t *testing.T) {
	db := mustOpenDB(t)
	before := exportAll(t, db, annotate.ExportFilter{})
	tx, err := db.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	pt, ok := tx.(annotate.PrevalidatingTx)
	if !ok {
		t.Fatal("the import is not an annotate.PrevalidatingTx")
	}
	rec := sampleRecord()
	rec.Spans[0].Label, rec.Spans[0].Attrs = "WEAPON", nil
	other := annotate.DefaultSchema()
	other.Labels = append(other.Labels, annotate.Label{Name: "WEAPON", Key: "5", Color: "#112233"})
	if err := rec.Validate(other); err != nil {
		t.Fatal(err)
	}
	if err := pt.PutValidated(ctx, rec, other); !errors.Is(err, annotate.ErrInvalid) {
		t.Fatalf("record with a label the stored schema lacks: got %v, want ErrInvalid", err)
	}
	if err := tx.Commit(); err == nil {
		t.Fatal("a refused import committed")
	}
	if after := exportAll(t, db, annotate.ExportFilter{}); len(after) != len(before) {
		t.Errorf("refused import left %d records, want %d", len(after), len(before))
	}
	// The same record validated against the stored schema is stored.
	if err := importRecords(t, db, sampleRecord()); err != nil {
		t.Fatal(err)
	}
}

// An import cancelled half way leaves the database as it was, and the
// database takes writes afterwards.
func TestImportCancelled(t *testing.T) {
	db := mustOpenDB(t)
	before := exportAll(t, db, annotate.ExportFilter{})
	file := filepath.Join(t.TempDir(), "c.jsonl")
	if err := writeCorpus(file, 400, 0); err != nil {
		t.Fatal(err)
	}
	sch, err := db.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	tx, err := db.BeginImport(cctx)
	if err != nil {
		t.Fatal(err)
	}
	opt := format.ImportOptions{Schema: sch, Progress: func(read, size int64) {}}
	n := 0
	_, err = format.ImportFile(cctx, &cancelAfter{ImportTx: tx, n: &n, at: 150, cancel: cancel}, file, opt)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if err := tx.Commit(); err == nil {
		t.Fatal("a cancelled import committed")
	}
	tx.Rollback()
	if after := exportAll(t, db, annotate.ExportFilter{}); len(after) != len(before) {
		t.Fatalf("cancelled import left %d records, want %d", len(after), len(before))
	}
	if err := importRecords(t, db, sampleRecord()); err != nil {
		t.Fatalf("import after a cancelled one: %v", err)
	}
}

// cancelAfter cancels the import's context before its record at.
type cancelAfter struct {
	annotate.ImportTx
	n      *int
	at     int
	cancel func()
}

func (c *cancelAfter) Put(ctx context.Context, r *annotate.Record) error {
	if *c.n++; *c.n == c.at {
		c.cancel()
	}
	return c.ImportTx.Put(ctx, r)
}

// Empty strings are stored as empty strings (they are not bound), and a
// re-import of the same records changes nothing.
func TestImportEmptyValues(t *testing.T) {
	db := mustOpenDB(t)
	rec := &annotate.Record{Article: annotate.Article{ExtID: "e", Text: "Canada acts."},
		Spans: []annotate.Span{{Start: 0, End: 6, Label: "JURISDICTION"}}}
	for i := 0; i < 2; i++ {
		if err := importRecords(t, db, rec); err != nil {
			t.Fatal(err)
		}
	}
	got := exportAll(t, db, annotate.ExportFilter{})
	var found bool
	for _, r := range got {
		if r.Article.ExtID != "e" {
			continue
		}
		found = true
		a := r.Article
		if a.Title != "" || a.Source != "" || a.URL != "" || r.Annotator != "" || len(r.Spans) != 1 {
			t.Errorf("got %+v", r)
		}
		sp := r.Spans[0]
		if sp.Note != "" || sp.Canonical != "" || len(sp.Attrs) != 0 {
			t.Errorf("span %+v", sp)
		}
	}
	if !found {
		t.Fatal("record not exported")
	}
}
