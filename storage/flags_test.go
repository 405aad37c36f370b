package storage_test

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/format"
	"github.com/tagdesk/tagdesk/storage"
)

// TestFlagRoundTrip: a flag set in one database is exported in the native
// JSONL's meta and imported back into another database, as the same
// annotator's flag, with nothing of it left in the article's meta.
func TestFlagRoundTrip(t *testing.T) {
	const why = "unclear: is XPCC an ORG or a JURISDICTION?"
	in := `{"id":"x1","text":"XPCC froze the assets.","meta":{"title":"XPCC","lang":"en"},"annotator":"alice","status":"done","spans":[]}` + "\n"
	src := mustOpenDB(t)
	importJSONL(t, src, in)
	id := articleID(t, src, "x1")
	if err := src.SetFlag(ctx, id, "alice", annotate.Flag{Flagged: true, Comment: why}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	enc := format.NewJSONLEncoder(&out)
	if err := src.Export(ctx, annotate.ExportFilter{}, enc.Encode); err != nil {
		t.Fatal(err)
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	if want := `"published":"","flag":true,"comment":"` + why + `","lang":"en"}`; !strings.Contains(out.String(), want) {
		t.Fatalf("export\n%s\nwant meta ending %s", out.String(), want)
	}
	dst := mustOpenDB(t)
	importJSONL(t, dst, out.String())
	id = articleID(t, dst, "x1")
	if f, err := dst.Flag(ctx, id, "alice"); err != nil || f != (annotate.Flag{Flagged: true, Comment: why}) {
		t.Errorf("imported flag %+v, %v", f, err)
	}
	a, err := dst.Article(ctx, id)
	if err != nil || len(a.Meta) != 1 {
		t.Errorf("imported meta %v, %v: want lang alone", a.Meta, err)
	}
	if st, _ := dst.Status(ctx, id, "alice"); st != annotate.StatusDone {
		t.Errorf("status %s", st)
	}
}

func importJSONL(t *testing.T, db annotate.Store, data string) {
	t.Helper()
	tx, err := db.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dec := format.NewJSONLDecoder(strings.NewReader(data), "in.jsonl")
	for {
		rec, err := dec.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Put(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func articleID(t *testing.T, db annotate.Store, ext string) int64 {
	t.Helper()
	list, err := db.ListArticles(ctx, annotate.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		if a.ExtID == ext {
			return a.ID
		}
	}
	t.Fatalf("no article %s", ext)
	return 0
}

// TestRecoverKeepsFlags: recover copies an annotator's flag and comment
// with their status.
func TestRecoverKeepsFlags(t *testing.T) {
	dir := t.TempDir()
	src := mustOpenPath(t, filepath.Join(dir, "src.db"))
	importJSONL(t, src, `{"id":"x1","text":"XPCC froze the assets.","annotator":"alice","status":"done"}`+"\n")
	id := articleID(t, src, "x1")
	if err := src.SetFlag(ctx, id, "bob", annotate.Flag{Flagged: true, Comment: "ORG?"}); err != nil {
		t.Fatal(err)
	}
	if err := src.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := storage.Recover(ctx, filepath.Join(dir, "src.db"), filepath.Join(dir, "out.db"), false, func(string) {}); err != nil {
		t.Fatal(err)
	}
	out := mustOpenPath(t, filepath.Join(dir, "out.db"))
	if f, err := out.Flag(ctx, id, "bob"); err != nil || f != (annotate.Flag{Flagged: true, Comment: "ORG?"}) {
		t.Errorf("recovered flag %+v, %v", f, err)
	}
	if st, _ := out.Status(ctx, id, "alice"); st != annotate.StatusDone {
		t.Errorf("recovered status %s", st)
	}
}
