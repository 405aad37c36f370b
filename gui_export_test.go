package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/tagdesk/tagdesk/annotate/format"
	"github.com/tagdesk/tagdesk/app"
)

// TestGUIExport runs the export that File → Export… calls, in every format
// the registry writes, folder formats included.
func TestGUIExport(t *testing.T) {
	db := mustStoreWith(t, "Canada froze assets.")
	ctx := context.Background()
	for _, f := range format.All {
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
	for name, data := range map[string]string{"doc.txt": "Canada froze assets.", "doc.ann": "T1\tJURISDICTION 0 3;4 6\tCan da\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := mustStoreWith(t, "Other text.")
	var mu sync.Mutex
	var warns []string
	req := app.ImportRequest{Paths: []string{dir}, Annotator: "alice",
		Warn: func(m string) { mu.Lock(); warns = append(warns, m); mu.Unlock() }}
	res, err := guiImport(context.Background(), db, req, func(float64) {})
	if err != nil || res.NewArticles != 1 || res.NewSpans != 2 || res.Warnings != 1 {
		t.Fatalf("got %+v, %v", res, err)
	}
	if len(warns) != 1 || !strings.Contains(warns[0], "discontinuous") {
		t.Errorf("warnings %q", warns)
	}
	// A bad file is refused whole, with its name.
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte(`{"id":"x","text":"ab","spans":[{"start":0,"end":9,"label":"ORG"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := guiImport(context.Background(), db, app.ImportRequest{Paths: []string{bad}}, func(float64) {}); err == nil || !strings.Contains(err.Error(), "bad.jsonl:1") {
		t.Errorf("bad file: %v", err)
	}
}

// TestGUIExportFolder: the window exports a folder format into the chosen
// folder when it is empty, else into a new subfolder of it, named in a
// warning; nothing already in the folder is touched.
func TestGUIExportFolder(t *testing.T) {
	db := mustStoreWith(t, "Canada froze assets.")
	ctx := context.Background()
	dir := t.TempDir()
	var warns []string
	req := app.ExportRequest{Path: dir, Format: "brat", Warn: func(m string) { warns = append(warns, m) }}
	if n, err := guiExport(ctx, db, req, func(float64) {}); err != nil || n != 1 {
		t.Fatalf("into an empty folder: %d, %v", n, err)
	}
	if names := entryNames(t, dir); !slices.Contains(names, "a.txt") || len(warns) != 0 {
		t.Fatalf("into an empty folder: %q, warnings %q", names, warns)
	}
	before := entryNames(t, dir)
	for i := 0; i < 2; i++ { // twice within a second: two subfolders
		if n, err := guiExport(ctx, db, req, func(float64) {}); err != nil || n != 1 {
			t.Fatalf("into a folder with files: %d, %v", n, err)
		}
	}
	after := entryNames(t, dir)
	var subs []string
	for _, name := range after {
		if !slices.Contains(before, name) {
			subs = append(subs, name)
		}
	}
	if len(subs) != 2 || len(after) != len(before)+2 {
		t.Fatalf("before %q, after %q", before, after)
	}
	for i, sub := range subs {
		if !regexp.MustCompile(`^tagdesk-brat-\d{8}-\d{6}(-2)?$`).MatchString(sub) {
			t.Errorf("subfolder %q, want tagdesk-brat-YYYYMMDD-HHMMSS", sub)
		}
		if names := entryNames(t, filepath.Join(dir, sub)); !slices.Contains(names, "a.txt") {
			t.Errorf("%s holds %q", sub, names)
		}
		if len(warns) != 2 || !strings.Contains(warns[i], sub) {
			t.Errorf("warnings %q, want one naming %s", warns, sub)
		}
	}
}

// entryNames lists the names in dir, sorted.
func entryNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name()
	}
	return names
}
