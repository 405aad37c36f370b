package format

import (
	"context"
	"github.com/tagdesk/tagdesk/annotate"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// memTx is an ImportTx that keeps what it is given.
type memTx struct{ recs []*annotate.Record }

func (m *memTx) Put(_ context.Context, r *annotate.Record) error {
	m.recs = append(m.recs, r)
	return nil
}
func (m *memTx) Commit() error   { return nil }
func (m *memTx) Rollback() error { return nil }

func writeFile(t *testing.T, dir, name, data string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImportFile(t *testing.T) {
	dir := t.TempDir()
	opt := ImportOptions{Schema: annotate.DefaultSchema()}
	ctx := context.Background()
	t.Run("OKText", func(t *testing.T) {
		p := writeFile(t, dir, "art-1.txt", "\ufeff\r\n  Canada acts\r\nBody 🇨🇦\r\n")
		var tx memTx
		res, err := ImportFile(ctx, &tx, p, opt)
		if err != nil || res.Records != 1 {
			t.Fatalf("got %+v, %v", res, err)
		}
		a := tx.recs[0].Article
		if a.ExtID != "art-1" || a.Title != "Canada acts" || a.Text != "\ufeff\r\n  Canada acts\r\nBody 🇨🇦\r\n" {
			t.Errorf("got %+v", a)
		}
	})
	t.Run("OKAnnotatorOverrides", func(t *testing.T) {
		p := writeFile(t, dir, "a.jsonl", `{"id":"x","text":"Wang","annotator":"a","spans":[{"start":0,"end":4,"label":"PERSON"}]}`+"\n")
		var tx memTx
		o := opt
		o.Annotator = "bob"
		if _, err := ImportFile(ctx, &tx, p, o); err != nil {
			t.Fatal(err)
		}
		if r := tx.recs[0]; r.Annotator != "bob" || r.Spans[0].Annotator != "bob" {
			t.Errorf("got %+v", r)
		}
	})
	bad := []struct{ name, file, data, want string }{
		{"ErrEmpty", "e.jsonl", "", "e.jsonl:1: invalid: file is empty"},
		{"ErrBlank", "b.jsonl", "\n\n", "b.jsonl:1: invalid: file holds no records"},
		{"ErrBlankText", "b.txt", " \n\t", "b.txt:1: invalid: file holds only white space"},
		{"ErrTextUTF8", "u.txt", "ok\nok\nbad \xc3(\n", "u.txt:3: invalid: text is not valid UTF-8"},
		{"ErrLabel", "l.jsonl", `{"id":"x","text":"ab"}` + "\n" + `{"id":"y","text":"ab","spans":[{"start":0,"end":1,"label":"GPE"}]}`, `l.jsonl:2: invalid: span [0,1): unknown label "GPE"`},
		{"ErrSlice", "s.jsonl", `{"id":"y","text":"ab🙂","spans":[{"start":2,"end":3,"label":"ORG","text":"b"}]}`, `s.jsonl:1: invalid: span [2,3) ORG: text "b" does not match`},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			p := writeFile(t, dir, tt.file, tt.data)
			_, err := ImportFile(ctx, &memTx{}, p, opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v want %q", err, tt.want)
			}
		})
	}
	t.Run("ErrMissing", func(t *testing.T) {
		_, err := ImportFile(ctx, &memTx{}, filepath.Join(dir, "nope.txt"), opt)
		if err == nil || !strings.Contains(err.Error(), "nope.txt: no such file") {
			t.Fatalf("got %v", err)
		}
	})
}

func TestExpandPaths(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "d/b.txt", "b")
	writeFile(t, dir, "d/a.jsonl", "{}")
	writeFile(t, dir, "d/notes.md", "skip")
	writeFile(t, dir, "d/sub/c.txt", "c")
	got, err := ExpandPaths([]string{filepath.Join(dir, "d"), a})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "d/a.jsonl"), filepath.Join(dir, "d/b.txt"), filepath.Join(dir, "d/sub/c.txt")}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("got %v want %v", got, want)
	}
	if _, err := ExpandPaths([]string{filepath.Join(dir, "missing")}); err == nil || !strings.Contains(err.Error(), "missing: no such file") {
		t.Errorf("missing: got %v", err)
	}
}

// Counts counts every record as a new article and its spans as new.
func (m *memTx) Counts() annotate.ImportCounts {
	c := annotate.ImportCounts{Records: len(m.recs), NewArticles: len(m.recs)}
	for _, r := range m.recs {
		c.NewSpans += len(r.Spans)
	}
	return c
}
