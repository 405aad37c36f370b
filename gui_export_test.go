package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/app"
)

// TestGUIExport runs the export that File → Export… calls, in every format
// the registry writes, folder formats included.
func TestGUIExport(t *testing.T) {
	db := mustStoreWith(t, "Canada froze assets.")
	ctx := context.Background()
	for _, f := range annotate.Formats {
		if f.NewWriter == nil && f.NewDirWriter == nil {
			continue
		}
		t.Run(f.Name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "out"+f.Ext)
			var last float64
			n, err := guiExport(ctx, db, app.ExportRequest{Path: path, Format: f.Name}, func(p float64) { last = p })
			if err != nil || n != 1 || last != 1 {
				t.Fatalf("%d records, progress %v, %v", n, last, err)
			}
			if f.Dir {
				if _, err := os.Stat(filepath.Join(path, "a.txt")); err != nil {
					t.Fatalf("folder export: %v", err)
				}
				return
			}
			if data, err := os.ReadFile(path); err != nil || len(data) == 0 {
				t.Errorf("%q %v", data, err)
			}
		})
	}
}

// TestGUIImport runs the import that File → Import… calls on a brat
// folder whose discontinuous span is split with a warning, which reaches
// the request's Warn.
func TestGUIImport(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "doc.txt", []byte("Canada froze assets."))
	write(t, dir, "doc.ann", []byte("T1\tJURISDICTION 0 3;4 6\tCan da\n"))
	db := mustStoreWith(t, "Other text.")
	var mu sync.Mutex
	var warns []string
	req := app.ImportRequest{Paths: []string{dir}, Annotator: "alice",
		Warn: func(m string) { mu.Lock(); warns = append(warns, m); mu.Unlock() }}
	res, err := guiImport(context.Background(), db, req, func(float64) {})
	if err != nil || res.Articles != 1 || res.Spans != 2 || res.Warnings != 1 {
		t.Fatalf("got %+v, %v", res, err)
	}
	if len(warns) != 1 || !strings.Contains(warns[0], "discontinuous") {
		t.Errorf("warnings %q", warns)
	}
	// A bad file is refused whole, with its name.
	bad := write(t, dir, "bad.jsonl", []byte(`{"id":"x","text":"ab","spans":[{"start":0,"end":9,"label":"ORG"}]}`))
	if _, err := guiImport(context.Background(), db, app.ImportRequest{Paths: []string{bad}}, func(float64) {}); err == nil || !strings.Contains(err.Error(), "bad.jsonl:1") {
		t.Errorf("bad file: %v", err)
	}
}
