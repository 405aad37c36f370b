package app

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/format"
)

// topText is the text of the labels of the dialog on top of the window.
func topText(u *UI) string {
	var b strings.Builder
	walkObjects(u.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	})
	return b.String()
}

// tapTop taps the button of the dialog on top whose text is text.
func tapTop(t *testing.T, u *UI, text string) {
	t.Helper()
	var found *widget.Button
	walkObjects(u.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && found == nil {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no button %q in the dialog on top:\n%s", text, topText(u))
	}
	test.Tap(found)
}

// damageError reads as storage.DamagedError does.
type damageError struct{}

func (damageError) Error() string {
	return "/data/corpus.db is damaged (database disk image is malformed); nothing was changed"
}
func (damageError) Unwrap() error { return annotate.ErrDamaged }

// damagedErr is the error of a damaged store's check.
var damagedErr error = damageError{}

// TestDamagedStore: when the check finds the store damaged, the window
// turns read-only (no change saved, no import, no invitation to import)
// and explains in a dialog that offers Recover… and the backups;
// recovering offers to open the new database, which is writable again.
func TestDamagedStore(t *testing.T) {
	for _, empty := range []bool{false, true} {
		t.Run(fmt.Sprint("empty=", empty), func(t *testing.T) {
			m := newMemStore(art1)
			if empty {
				m = newMemStore()
			}
			recovered := newMemStore(art1, art2)
			var imported, recoverCalls atomic.Int32
			u := newTestUIWith(t, m, Options{Version: "test", Annotator: "alice", Poll: -1, DBPath: "/data/corpus.db",
				Import: func(context.Context, annotate.Store, ImportRequest, func(float64)) (format.ImportResult, error) {
					imported.Add(1)
					return format.ImportResult{}, nil
				},
				OpenStore: func(path string) (annotate.Store, error) {
					if path != "/data/new.db" {
						return nil, fmt.Errorf("unexpected %s", path)
					}
					return recovered, nil
				},
				Data: DataOptions{
					Check: func(_ context.Context, s annotate.Store) error {
						if s == recovered {
							return nil
						}
						return damagedErr
					},
					Recover: func(_ context.Context, src, dst string) (string, error) {
						recoverCalls.Add(1)
						return fmt.Sprintf("Recovered %s into %s", src, dst), nil
					},
					Backups: func(context.Context, string) ([]Backup, error) { return nil, nil },
				}})
			loop(u).WaitFor(t, "the check", func() bool { return u.data.checked == 1 })
			if !u.ReadOnly() {
				t.Fatal("a damaged store is not read-only")
			}
			if got := topText(u); !strings.Contains(got, "/data/corpus.db is damaged (database disk image is malformed).") ||
				!strings.Contains(got, "opened it read-only") {
				t.Errorf("dialog: %q", got)
			}
			if !u.menus.imp.Disabled {
				t.Error("File → Import… is enabled for a damaged database")
			}
			if empty && strings.Contains(u.title.Full(), "Import") {
				t.Errorf("title invites an import: %q", u.title.Full())
			}
			tapTop(t, u, "Keep reading")
			if !empty {
				u.view.SetSelection(0, 6)
				test.Type(u.view, "1")
				settle(t, u)
				if got := stored(t, m, 1); got != "" {
					t.Errorf("a span was saved in a damaged database: %s", got)
				}
				if u.bar.msg.Text != damagedHint {
					t.Errorf("status bar %q, want %q", u.bar.msg.Text, damagedHint)
				}
			}
			u.startImport(ImportRequest{Paths: []string{"/tmp/x.jsonl"}})
			if imported.Load() != 0 || !strings.Contains(topText(u), "opened it read-only") {
				t.Errorf("an import was started into a damaged database")
			}
			u.recoverInto("/data/new.db")
			loop(u).WaitFor(t, "the recovery", func() bool { return strings.Contains(topText(u), "Open /data/new.db now?") })
			if recoverCalls.Load() != 1 || !strings.Contains(topText(u), "Recovered /data/corpus.db into /data/new.db") {
				t.Errorf("recover: %d calls, dialog %q", recoverCalls.Load(), topText(u))
			}
			tapTop(t, u, "Open it")
			loop(u).WaitFor(t, "the new database's check", func() bool { return u.data.checked == 2 })
			if u.ReadOnly() || u.menus.imp.Disabled || u.store != recovered {
				t.Errorf("after opening the recovered database: read-only %v, import disabled %v", u.ReadOnly(), u.menus.imp.Disabled)
			}
		})
	}
}

// A read that meets the damage before the check does makes the window
// read-only at once.
func TestDamageNoticedByRead(t *testing.T) {
	m := newMemStore(art1)
	u := newTestUIWith(t, m, Options{Version: "test", Annotator: "alice", Poll: -1})
	u.showError("open the article", damagedErr)
	if !u.ReadOnly() || !strings.Contains(topText(u), "This database is damaged") && !strings.Contains(topText(u), "opened it read-only") {
		t.Errorf("read-only %v, dialog %q", u.ReadOnly(), topText(u))
	}
}

// TestBackupCounts: a backup's counts read "1 article", not "1 articles".
func TestBackupCounts(t *testing.T) {
	for _, c := range []struct {
		b    Backup
		want string
	}{
		{Backup{Articles: 1, Spans: 0}, "1 article, 0 spans"},
		{Backup{Articles: 2, Spans: 1}, "2 articles, 1 span"},
	} {
		if got := backupCounts(c.b); got != c.want {
			t.Errorf("%+v: %q, want %q", c.b, got, c.want)
		}
	}
}
