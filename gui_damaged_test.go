package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/app"
	"github.com/tagdesk/tagdesk/app/apptest"
	"github.com/tagdesk/tagdesk/internal/corpus"
	"github.com/tagdesk/tagdesk/internal/transfer"
	"github.com/tagdesk/tagdesk/storage"
)

// corpusFile writes n benchmark articles as JSONL into dir.
func corpusFile(t *testing.T, dir string, n int) string {
	t.Helper()
	var b bytes.Buffer
	if err := corpus.Write(&b, n); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "corpus.jsonl")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestGUIDamagedDatabase opens the window on a 400-article database with
// 2 KB overwritten in the middle, as the command-line tests damage one:
// the check in the background finds it, and the window turns read-only
// (no label saved, File → Import… disabled) with the dialog that offers
// Recover… and Backups….
func TestGUIDamagedDatabase(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "corpus.db")
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := transfer.Import(context.Background(), db, transfer.ImportJob{Paths: []string{corpusFile(t, dir, 400)}}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := f.Stat()
	if _, err := f.WriteAt(bytes.Repeat([]byte{0x5a}, 2048), fi.Size()/2); err != nil {
		t.Fatal(err)
	}
	f.Close()
	before, _ := os.ReadFile(path)

	db, err = storage.Open(path)
	if err != nil {
		t.Fatalf("the damage is meant for the check, not for Open: %v", err)
	}
	a := apptest.NewApp(t)
	opt := guiOptions(path)
	opt.Annotator, opt.Poll = "alice", -1
	ui := app.New(a, db, opt)
	ui.Window().Resize(fyne.NewSize(1280, 860))
	t.Cleanup(func() {
		ui.Wait()
		db.Close()
		if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
			t.Error("the damaged file was changed")
		}
	})
	a.WaitFor(t, "the damage check", ui.ReadOnly)
	var text strings.Builder
	var buttons []string
	for _, o := range test.LaidOutObjects(ui.Window().Canvas().Overlays().Top()) {
		switch x := o.(type) {
		case *widget.Label:
			text.WriteString(x.Text)
		case *widget.Button:
			buttons = append(buttons, x.Text)
		}
	}
	if !strings.Contains(text.String(), path+" is damaged (") || !strings.Contains(text.String(), "opened it read-only") {
		t.Errorf("dialog: %q", text.String())
	}
	if got := strings.Join(buttons, ","); got != "Backups…,Recover…,Keep reading" {
		t.Errorf("dialog buttons: %s", got)
	}
	for _, m := range ui.Window().MainMenu().Items {
		for _, it := range m.Items {
			if it.Label == "Import…" && !it.Disabled {
				t.Error("File → Import… is enabled on a damaged database")
			}
		}
	}
}

// An import from the window is recorded as one batch with its files, as
// one from the command line is: they share internal/transfer.
func TestGUIImportRecorded(t *testing.T) {
	dir := t.TempDir()
	db := mustStoreWith(t)
	in := corpusFile(t, dir, 3)
	if _, err := guiImport(context.Background(), db, app.ImportRequest{Paths: []string{in}, Annotator: "alice"}, func(float64) {}); err != nil {
		t.Fatal(err)
	}
	list, err := db.ImportBatches(context.Background())
	if err != nil || len(list) == 0 {
		t.Fatalf("batches: %v %d", err, len(list))
	}
	b := list[len(list)-1]
	if b.Annotator != "alice" || len(b.Files) != 1 || b.Files[0] != in || b.Counts.NewArticles != 3 {
		t.Errorf("the window's import is recorded as %+v", b)
	}
	if _, err := db.UndoImport(context.Background(), b.ID, false); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.CountArticles(context.Background(), annotate.ArticleFilter{}); n != 0 {
		t.Errorf("%d articles after the undo", n)
	}
}
