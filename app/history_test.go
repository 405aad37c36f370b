package app

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/format"
)

// recStore is a memStore that records two imports; undoing one removes
// its article (the second), refused as long as force is not set.
type recStore struct {
	*memStore
	bmu     sync.Mutex
	batches []annotate.ImportBatch
	calls   []string
}

func newRecStore() *recStore {
	r := &recStore{memStore: newMemStore(art1, art2)}
	for i := range 2 {
		r.batches = append(r.batches, annotate.ImportBatch{ID: int64(i + 1), Started: time.Now(), User: "ann",
			Files: []string{fmt.Sprintf("/in/f%d.jsonl", i+1)}, Counts: annotate.ImportCounts{NewArticles: 1}})
	}
	return r
}

func (r *recStore) BeginImportBatch(ctx context.Context, _ *annotate.ImportBatch, _ string) (annotate.ImportTx, error) {
	return r.BeginImport(ctx)
}

func (r *recStore) ImportBatches(context.Context) ([]annotate.ImportBatch, error) {
	r.bmu.Lock()
	defer r.bmu.Unlock()
	return append([]annotate.ImportBatch(nil), r.batches...), nil
}

func (r *recStore) UndoImport(_ context.Context, id int64, force bool) (annotate.UndoResult, error) {
	r.bmu.Lock()
	defer r.bmu.Unlock()
	r.calls = append(r.calls, fmt.Sprintf("undo %d force=%v", id, force))
	if !force {
		return annotate.UndoResult{}, &annotate.DependsError{Batch: id, Count: 1,
			Later: []annotate.Dependent{{ArticleID: 2, ExtID: "a2", What: "span PERSON [0,3) of \"alice\" was edited since"}}}
	}
	r.mu.Lock()
	r.articles = r.articles[:1]
	r.gen++
	r.mu.Unlock()
	r.batches[id-1].Undone = time.Now()
	return annotate.UndoResult{Articles: 1}, nil
}

func (r *recStore) undoCalls() string {
	r.bmu.Lock()
	defer r.bmu.Unlock()
	return strings.Join(r.calls, "; ")
}

// TestImportHistory: File → Import history… lists the recorded imports,
// and Undo… takes one back after a confirmation, on the writer; when later
// work depends on it, that work is named and a second confirmation undoes
// with it. The article list and the history are reloaded after.
func TestImportHistory(t *testing.T) {
	r := newRecStore()
	u := newTestUIWith(t, r, Options{Version: "test", Annotator: "alice", Poll: -1,
		Import: func(context.Context, annotate.Store, ImportRequest, func(float64)) (format.ImportResult, error) {
			return format.ImportResult{}, nil
		}})
	menuAction(t, u, "Import history…")()
	p := u.data.history
	if p == nil || len(p.batches) != 2 || !strings.Contains(topText(u), "1  ") || !strings.Contains(topText(u), "from f2.jsonl") {
		t.Fatalf("history dialog: %q", topText(u))
	}
	tapTop(t, u, "Undo…")
	if !strings.Contains(topText(u), "Everything this import added is deleted") {
		t.Fatalf("confirmation: %q", topText(u))
	}
	tapTop(t, u, "Undo import")
	loop(u).WaitFor(t, "the refusal", func() bool { return strings.Contains(topText(u), "later change(s) depend on it") })
	if got := topText(u); !strings.Contains(got, `article 2 (a2): span PERSON [0,3) of "alice" was edited since`) || !strings.Contains(got, "Nothing was changed.") {
		t.Errorf("refusal: %q", got)
	}
	if u.list.count != 2 {
		t.Errorf("a refused undo changed the list: %d articles", u.list.count)
	}
	tapTop(t, u, "Undo with that work")
	loop(u).WaitFor(t, "the undo", func() bool { return u.list.count == 1 })
	if got := r.undoCalls(); got != "undo 1 force=false; undo 1 force=true" {
		t.Errorf("undo calls: %s", got)
	}
	if p.batches[0].Undone.IsZero() || !strings.Contains(u.bar.msg.Text, "Import 1 undone") {
		t.Errorf("after the undo: history %+v, status bar %q", p.batches[0], u.bar.msg.Text)
	}
}

// A store that records no imports says so.
func TestImportHistoryNotRecorded(t *testing.T) {
	u := newTestUIWith(t, newMemStore(art1), Options{Version: "test", Annotator: "alice", Poll: -1,
		Import: func(context.Context, annotate.Store, ImportRequest, func(float64)) (format.ImportResult, error) {
			return format.ImportResult{}, nil
		}})
	menuAction(t, u, "Import history…")()
	if got := topText(u); !strings.Contains(got, "does not record its imports") {
		t.Errorf("got %q", got)
	}
}

// closingStore is a memStore that knows whether it was closed.
type closingStore struct {
	*memStore
	closed atomic.Bool
}

func (s *closingStore) Close() error { s.closed.Store(true); return nil }

// TestBackupsRestore: File → Backups… lists the backups with their
// counts; Restore… asks, then closes the store, restores on the writer
// and opens the database again.
func TestBackupsRestore(t *testing.T) {
	old := &closingStore{memStore: newMemStore(art1)}
	restored := newMemStore(art1, art2)
	var got atomic.Value
	u := newTestUIWith(t, old, Options{Version: "test", Annotator: "alice", Poll: -1, DBPath: "/data/corpus.db",
		OpenStore: func(string) (annotate.Store, error) { return restored, nil },
		Data: DataOptions{
			Backups: func(_ context.Context, path string) ([]Backup, error) {
				return []Backup{{Path: "/data/corpus.backups/corpus-20260301-090000.db", Time: time.Date(2026, 3, 1, 9, 0, 0, 0, time.Local), Size: 8 << 20, Articles: 398, Spans: 7960}}, nil
			},
			Restore: func(_ context.Context, path, backup string) (string, error) {
				got.Store(fmt.Sprintf("%s from %s, old store closed %v", path, backup, old.closed.Load()))
				return "/data/corpus.backups/corpus-20260302-141503.db", nil
			},
		}})
	menuAction(t, u, "Backups…")()
	if text := topText(u); !strings.Contains(text, "2026-03-01 09:00:00   corpus-20260301-090000.db   8.0 MB   398 articles, 7960 spans") {
		t.Fatalf("backups dialog: %q", text)
	}
	tapTop(t, u, "Restore…")
	if !strings.Contains(topText(u), "The database as it is now is backed up first") {
		t.Fatalf("confirmation: %q", topText(u))
	}
	tapTop(t, u, "Restore")
	loop(u).WaitFor(t, "the restore", func() bool { return strings.Contains(topText(u), "The state before:") })
	if g := got.Load(); g != "/data/corpus.db from /data/corpus.backups/corpus-20260301-090000.db, old store closed true" {
		t.Errorf("restore: %v", g)
	}
	if u.store != restored || u.list.count != 2 || u.busy {
		t.Errorf("after the restore: reloaded %v, %d articles, busy %v", u.store == restored, u.list.count, u.busy)
	}
}

// While an import from the window runs, neither an undo nor a restore is
// started: the import holds the store.
func TestUndoRestoreWaitForImport(t *testing.T) {
	r := newRecStore()
	restored := 0
	u := newTestUIWith(t, r, Options{Version: "test", Annotator: "alice", Poll: -1, DBPath: "/data/corpus.db",
		Data: DataOptions{Restore: func(context.Context, string, string) (string, error) { restored++; return "", nil }}})
	u.setBusy(true)
	u.undoImport(r, 1, true)
	u.restoreBackup(Backup{Path: "/data/b.db"})
	settle(t, u)
	if got := r.undoCalls(); got != "" || restored != 0 || u.bar.msg.Text != busyHint {
		t.Errorf("during an import: undo calls %q, restores %d, status bar %q", got, restored, u.bar.msg.Text)
	}
	u.setBusy(false)
}
