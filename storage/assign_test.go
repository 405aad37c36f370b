package storage_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage"
)

func TestAssign(t *testing.T) {
	db := mustOpenDB(t)
	if err := importRecords(t, db,
		&annotate.Record{Article: annotate.Article{ExtID: "a", Text: "One."}},
		&annotate.Record{Article: annotate.Article{ExtID: "b", Text: "Two."}, Annotator: "bob", Status: annotate.StatusDone},
	); err != nil {
		t.Fatal(err)
	}
	ids, err := db.ArticleIDs(ctx)
	if err != nil || len(ids) != 2 {
		t.Fatalf("ArticleIDs: %v %v", ids, err)
	}
	t.Run("OK", func(t *testing.T) {
		if err := db.Assign(ctx, map[int64][]string{ids[0]: {"alice", "bob"}, ids[1]: {"bob"}}); err != nil {
			t.Fatal(err)
		}
		got, err := db.Assigned(ctx, "bob")
		if err != nil || !slices.Equal(got, ids) {
			t.Errorf("Assigned(bob): got %v %v, want %v", got, err, ids)
		}
		if got, _ := db.Assigned(ctx, "nobody"); len(got) != 0 {
			t.Errorf("Assigned(nobody): got %v", got)
		}
		st, err := db.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []annotate.Queue{{Annotator: "alice", Assigned: 1, Open: 1}, {Annotator: "bob", Assigned: 2, Open: 1}}
		if !slices.Equal(st.Queues, want) {
			t.Errorf("queues: got %+v, want %+v", st.Queues, want)
		}
	})
	t.Run("Replaces", func(t *testing.T) {
		if err := db.Assign(ctx, map[int64][]string{ids[1]: {"carol"}}); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Assigned(ctx, "bob"); len(got) != 0 {
			t.Errorf("an earlier plan kept: %v", got)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		err := db.Assign(ctx, map[int64][]string{999: {"carol"}})
		if !errors.Is(err, annotate.ErrNotFound) {
			t.Errorf("got %v, want ErrNotFound", err)
		}
		if got, _ := db.Assigned(ctx, "carol"); len(got) != 1 {
			t.Errorf("a failed plan changed the assignments: %v", got)
		}
	})
}

func TestOpenReadOnly(t *testing.T) {
	path := copyFixture(t, "v1.db")
	before := readFile(t, path)
	db, err := storage.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := exportString(t, db), wantExport(t, "v1.db"); got[:200] != want[:200] {
		t.Errorf("export of a read-only v1 database:\ngot  %.200s\nwant %.200s", got, want)
	}
	if err := db.SetStatus(ctx, 1, "x", annotate.StatusDone); err == nil {
		t.Error("a read-only database took a write")
	}
	db.Close()
	if !slices.Equal(readFile(t, path), before) {
		t.Error("reading changed the file")
	}
	for name, data := range map[string]string{"text.db": "not a database", "empty.db": ""} {
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := storage.OpenReadOnly(p); !errors.Is(err, storage.ErrNotTagdesk) && !errors.Is(err, storage.ErrEmptyDatabase) {
			t.Errorf("%s: got %v", name, err)
		}
	}
}
