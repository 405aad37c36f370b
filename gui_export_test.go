package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// TestGUIExport runs the export the window's File → Export… calls.
func TestGUIExport(t *testing.T) {
	db := mustStoreWith(t, "Canada froze assets.")
	formats := exportFormats()
	if len(formats) == 0 || formats[0] != "jsonl" {
		t.Fatalf("formats %v", formats)
	}
	for _, f := range formats {
		path := filepath.Join(t.TempDir(), "out."+f)
		n, err := guiExport(context.Background(), db, path, f, annotate.ExportFilter{}, func(float64) {})
		if err != nil || n != 1 {
			t.Fatalf("%s: %d records, %v", f, n, err)
		}
		data, err := os.ReadFile(path)
		if err != nil || len(data) == 0 {
			t.Errorf("%s: %q %v", f, data, err)
		}
	}
}
