package storage_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage"
)

// TestBackupWhileWriting takes backups while another handle adds spans,
// one committed change at a time: each copy passes integrity_check, opens,
// and holds a prefix of the changes (spans 0..k-1, no gaps), never half a
// change.
func TestBackupWhileWriting(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "live.db")
	db := mustOpenPath(t, path)
	text := strings.Repeat("Canada froze the assets. ", 40)
	if err := importRecords(t, db, &annotate.Record{Article: annotate.Article{ExtID: "live", Text: text}}); err != nil {
		t.Fatal(err)
	}
	id := list0(t, db)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var werr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			sp := annotate.Span{ArticleID: id, Annotator: "gui", Start: i % 900, End: i%900 + 1 + i/900, Label: "ORG", Note: strconv.Itoa(i)}
			if werr = db.AddSpan(ctx, &sp); werr != nil {
				return
			}
		}
	}()
	var seen []int
	for b := 0; b < 8; b++ {
		out := filepath.Join(dir, fmt.Sprintf("copy%d.db", b))
		if err := storage.Backup(ctx, path, out, false); err != nil {
			t.Fatal(err)
		}
		integrityCheck(t, out)
		c := mustOpenPath(t, out)
		sps, err := c.Spans(ctx, id, "gui")
		if err != nil {
			t.Fatal(err)
		}
		notes := map[string]bool{}
		for _, sp := range sps {
			notes[sp.Note] = true
		}
		for i := range sps {
			if !notes[strconv.Itoa(i)] {
				t.Fatalf("copy %d holds %d spans but not span %d: not one moment's state", b, len(sps), i)
			}
		}
		if st, _ := c.Status(ctx, id, "gui"); len(sps) > 0 && st != annotate.StatusInProgress {
			t.Errorf("copy %d: %d spans but status %s: half a change", b, len(sps), st)
		}
		seen = append(seen, len(sps))
		c.Close()
	}
	close(stop)
	wg.Wait()
	if werr != nil {
		t.Fatalf("a write failed during a backup: %v", werr)
	}
	t.Logf("spans in the successive copies: %v", seen)

	t.Run("ErrExists", func(t *testing.T) {
		out := filepath.Join(dir, "copy0.db")
		before := readFile(t, out)
		if err := storage.Backup(ctx, path, out, false); !errors.Is(err, storage.ErrExists) {
			t.Errorf("got %v, want ErrExists", err)
		}
		if !bytesEqual(readFile(t, out), before) {
			t.Error("an existing file was overwritten")
		}
		if err := storage.Backup(ctx, path, out, true); err != nil {
			t.Errorf("--force: %v", err)
		}
		if m, _ := filepath.Glob(filepath.Join(dir, ".*tmp-*")); len(m) != 0 {
			t.Errorf("temporary files left: %v", m)
		}
	})
	t.Run("ErrNotTagdesk", func(t *testing.T) {
		notDB := filepath.Join(dir, "notes.txt")
		os.WriteFile(notDB, []byte("hello\n"), 0o644)
		if err := storage.Backup(ctx, notDB, filepath.Join(dir, "x.db"), false); !errors.Is(err, storage.ErrNotTagdesk) {
			t.Errorf("got %v, want ErrNotTagdesk", err)
		}
		if _, err := os.Stat(filepath.Join(dir, "x.db")); err == nil {
			t.Error("a backup of a non-database was written")
		}
	})
}

func bytesEqual(a, b []byte) bool { return string(a) == string(b) }

// TestCheck runs Check on the v1 fixture (no problems) and on copies
// damaged behind storage's back (one problem line each).
func TestCheck(t *testing.T) {
	tests := []struct {
		name, damage, want string
	}{
		{"OK", "", ""},
		{"ErrOutside", `UPDATE spans SET span_end = 9999 WHERE id = 3`, "article 1 (hard-1) span 3 (annotator \"alice\"): invalid: span [22,9999) is outside the text"},
		{"ErrLabel", `UPDATE spans SET label = 'GPE' WHERE id = 4`, `span 4 (annotator "alice"): invalid: span [52,57): unknown label "GPE"`},
		{"ErrAttrs", `UPDATE spans SET attrs = '{"role":"boss"}' WHERE id = 1`, `span 1 (annotator "alice"): invalid: span [1,10) JURISDICTION: attribute role="boss" is not one of`},
		{"ErrAttrsJSON", `UPDATE spans SET attrs = '[1' WHERE id = 1`, `span 1 (annotator "alice"): attrs:`},
		{"ErrText", `UPDATE articles SET text = CAST(X'41FF42' AS TEXT) WHERE id = 3`, "article 3 (untouched): invalid: text is not valid UTF-8 (byte 1)"},
		{"ErrForeignKey", `PRAGMA foreign_keys = off; INSERT INTO spans (article_id, start, span_end, label, created, updated) VALUES (99, 0, 1, 'ORG', 0, 0)`, "spans row 60: refers to a missing row of articles"},
		{"ErrSchema", `UPDATE schema SET body = '{"labels":[]}'`, "schema:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := copyFixture(t, "v1.db")
			if tt.damage != "" {
				rawExec(t, path, tt.damage)
			}
			before := readFile(t, path)
			var problems []string
			res, err := storage.Check(ctx, path, func(p string) { problems = append(problems, p) }, nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.Articles != 3 || res.Spans < 59 {
				t.Errorf("checked %d articles, %d spans; want 3, 59+", res.Articles, res.Spans)
			}
			if res.Problems != len(problems) {
				t.Errorf("Problems = %d, reported %d", res.Problems, len(problems))
			}
			switch {
			case tt.want == "" && len(problems) > 0:
				t.Errorf("got problems %q, want none", problems)
			case tt.want != "" && (len(problems) == 0 || !strings.Contains(problems[0], tt.want)):
				t.Errorf("got %q, want a line containing %q", problems, tt.want)
			}
			if !bytesEqual(readFile(t, path), before) {
				t.Error("check changed the file")
			}
		})
	}
}
