package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/format"
)

func TestWarningSummary(t *testing.T) {
	var w warningList
	if got := w.summary(); got != "" {
		t.Errorf("no warnings: got %q", got)
	}
	for i := 0; i < shownWarnings+3; i++ {
		w.add("span split")
	}
	got := w.summary()
	if !strings.Contains(got, "11 warning(s)") || strings.Count(got, "• span split") != shownWarnings || !strings.Contains(got, "and 3 more") {
		t.Errorf("got %q", got)
	}
}

func TestImportExts(t *testing.T) {
	tests := []struct{ format, want string }{
		{autoFormat, ".txt .jsonl .json .conll .iob .ann"},
		{format.Text, ".txt"},
		{"labelstudio", ".json"},
		{"doccano", ".jsonl"},
	}
	for _, tt := range tests {
		if got := strings.Join(importExts(tt.format), " "); got != tt.want {
			t.Errorf("%s: got %q want %q", tt.format, got, tt.want)
		}
	}
}

// TestStartImport: the request reaches Options.Import with a Warn that
// collects for the summary, off the UI goroutine.
func TestStartImport(t *testing.T) {
	got := make(chan ImportRequest, 1)
	m := newMemStore(art1)
	u := newTestUIWith(t, m, Options{Version: "test", Annotator: "alice", Poll: -1,
		Import: func(ctx context.Context, s annotate.Store, req ImportRequest, progress func(float64)) (format.ImportResult, error) {
			req.Warn("one")
			progress(1)
			got <- req
			return format.ImportResult{Files: 1, ImportCounts: annotate.ImportCounts{Records: 2, NewArticles: 2}}, nil
		}})
	u.startImport(ImportRequest{Paths: []string{"/tmp/x.jsonl"}, Format: "doccano", Annotator: "alice"})
	select {
	case req := <-got:
		if req.Format != "doccano" || req.Annotator != "alice" || req.Paths[0] != "/tmp/x.jsonl" {
			t.Errorf("got %+v", req)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Options.Import was not called")
	}
}
