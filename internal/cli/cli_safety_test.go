package cli

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/tagdesk/tagdesk/assets"
)

// tagdeskWithin is tagdesk with a deadline: a hang is a failure, not a
// stuck test run.
func tagdeskWithin(t *testing.T, d time.Duration, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	cmd := exec.CommandContext(ctx, binPath, args...)
	home := t.TempDir()
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_DATA_HOME="+filepath.Join(home, "data"), "TAGDESK_DB=")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("tagdesk %s: still running after %v", strings.Join(args, " "), d)
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{code, out.String(), errb.String()}
}

func copyTo(t *testing.T, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// repeat returns s repeated up to n bytes.
func repeat(s string, n int) string { return strings.Repeat(s, n/len(s)) }

// TestHostileFiles imports odd and hostile files into a database holding
// the sample: each is imported as documented or refused with an error
// naming the file, exit status 1, and the database exactly as it was;
// never a crash, a hang or a half import.
func TestHostileFiles(t *testing.T) {
	big, line := 50<<20, 100<<20
	if testing.Short() {
		big, line = 5<<20, 10<<20
	}
	base := filepath.Join(t.TempDir(), "base.db")
	if r := tagdesk(t, "import", "--db", base, write(t, t.TempDir(), "sample.jsonl", assets.SampleSpans)); r.code != 0 {
		t.Fatal(r.stderr)
	}
	const ok = `{"id":"ok","text":"Canada froze assets."}` + "\n"
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) []string // the import's arguments
		code  int
		want  string                             // in stderr
		check func(t *testing.T, db, out string) // after a successful import; out is the export
	}{
		{name: "InvalidUTF8JSONL", code: 1, want: "x.jsonl:2: invalid: line is not valid UTF-8",
			setup: func(t *testing.T, dir string) []string {
				return []string{write(t, dir, "x.jsonl", []byte(ok+"{\"id\":\"x\",\"text\":\"a\xc3\x28b\"}\n"))}
			}},
		{name: "InvalidUTF8Text", code: 1, want: "x.txt:3: invalid: text is not valid UTF-8",
			setup: func(t *testing.T, dir string) []string {
				return []string{write(t, dir, "x.txt", []byte("Title\nok\nbad \xed\xa0\x80 surrogate\n"))}
			}},
		{name: "NULText", code: 0, // stored and exported byte for byte (JSON \u0000)
			setup: func(t *testing.T, dir string) []string {
				return []string{write(t, dir, "nul.txt", []byte("Title\nA\x00B\n"))}
			},
			check: func(t *testing.T, db, out string) {
				if !strings.Contains(out, `"text":"Title\nA\u0000B\n"`) {
					t.Errorf("NUL not kept: %.300s", out)
				}
			}},
		{name: "NULEscapeJSONL", code: 0,
			setup: func(t *testing.T, dir string) []string {
				return []string{write(t, dir, "nul.jsonl", []byte(`{"id":"n","text":"a\u0000b","spans":[{"start":1,"end":3,"label":"ORG"}]}`+"\n"))}
			},
			check: func(t *testing.T, db, out string) {
				if !strings.Contains(out, `"text":"a\u0000b"`) || !strings.Contains(out, `"text":"\u0000b"`) {
					t.Errorf("NUL not kept: %.300s", out)
				}
			}},
		{name: "BOMText", code: 0, // the BOM is part of the text: offsets count it
			setup: func(t *testing.T, dir string) []string {
				return []string{write(t, dir, "bom.txt", []byte("\ufeffBOM title\nbody\n"))}
			},
			check: func(t *testing.T, db, out string) {
				if !strings.Contains(out, "\"text\":\"\ufeffBOM title") {
					t.Errorf("BOM not kept in the text")
				}
			}},
		{name: "BOMJSONL", code: 0, // a BOM before the first line is skipped
			setup: func(t *testing.T, dir string) []string {
				return []string{write(t, dir, "bom.jsonl", []byte("\ufeff"+ok))}
			},
			check: func(t *testing.T, db, out string) {
				if !strings.Contains(out, `{"id":"ok","text":"Canada froze assets."`) {
					t.Errorf("not imported")
				}
			}},
		{name: "DeepNesting", code: 1, want: "deep.jsonl:2: invalid: malformed JSON",
			setup: func(t *testing.T, dir string) []string {
				meta := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
				return []string{write(t, dir, "deep.jsonl", []byte(ok+`{"id":"d","text":"x","meta":{"a":`+meta+"}}\n"))}
			}},
		{name: "UnclosedNesting", code: 1, want: "open.jsonl:1: invalid: malformed JSON",
			setup: func(t *testing.T, dir string) []string {
				return []string{write(t, dir, "open.jsonl", []byte(`{"id":"d","text":"x","meta":{"a":`+strings.Repeat("[{\"a\":", 100000)))}
			}},
		{name: "TruncatedLastLine", code: 1, want: "cut.jsonl:2: invalid: malformed JSON",
			setup: func(t *testing.T, dir string) []string {
				return []string{write(t, dir, "cut.jsonl", []byte(ok+`{"id":"c","text":"Canada fro`))}
			}},
		{name: "BinaryFile", code: 1, want: "bin.jsonl:1: invalid",
			setup: func(t *testing.T, dir string) []string {
				data, err := os.ReadFile(base)
				if err != nil {
					t.Fatal(err)
				}
				// Binary, but not SQLite: an SQLite file is imported as
				// another tagdesk database whatever its name.
				copy(data, "not SQLite here\x00")
				return []string{write(t, dir, "bin.jsonl", data)}
			}},
		{name: "Article50MB", code: 0,
			setup: func(t *testing.T, dir string) []string {
				return []string{write(t, dir, "big.txt", []byte("Big\n"+repeat("Canada froze the assets of José Álvarez 🇨🇦. ", big)))}
			},
			check: func(t *testing.T, db, out string) {
				if !strings.Contains(out, `"id":"big"`) || len(out) < big {
					t.Errorf("the big article is not exported whole (%d bytes)", len(out))
				}
			}},
		{name: "Line100MB", code: 0,
			setup: func(t *testing.T, dir string) []string {
				text := repeat("Canada froze assets. ", line)
				return []string{write(t, dir, "line.jsonl", []byte(`{"id":"line","text":"`+text+`","spans":[{"start":0,"end":6,"label":"JURISDICTION"}]}`+"\n"))}
			},
			check: func(t *testing.T, db, out string) {
				if !strings.Contains(out, `"id":"line"`) || len(out) < line {
					t.Errorf("the long line is not exported whole (%d bytes)", len(out))
				}
			}},
		{name: "BratOutside", code: 1, want: "a.ann:2: invalid",
			setup: func(t *testing.T, dir string) []string {
				b := filepath.Join(dir, "brat")
				os.Mkdir(b, 0o755)
				write(t, b, "a.txt", []byte("Canada froze assets.\n"))
				write(t, b, "a.ann", []byte("T1\tJURISDICTION 0 6\tCanada\nT2\tORG 7 500\tfroze\n"))
				return []string{"--format", "brat", b}
			}},
		{name: "PathTwice", code: 0, want: "1 new article(s)",
			setup: func(t *testing.T, dir string) []string {
				p := write(t, dir, "a.jsonl", []byte(ok))
				return []string{p, p, filepath.Join(dir, ".", "a.jsonl")}
			}},
		{name: "FolderBrokenLink", code: 1, want: "b.txt: no such file or directory",
			setup: func(t *testing.T, dir string) []string {
				d := filepath.Join(dir, "in")
				os.Mkdir(d, 0o755)
				write(t, d, "a.txt", []byte("First\nimported only if all are readable\n"))
				if err := os.Symlink(filepath.Join(dir, "gone.txt"), filepath.Join(d, "b.txt")); err != nil {
					t.Fatal(err)
				}
				write(t, d, "c.txt", []byte("Third\n"))
				return []string{d}
			}},
		{name: "FolderNamedPipe", code: 1, want: "b.txt: invalid: a named pipe, not a regular file",
			setup: func(t *testing.T, dir string) []string {
				d := filepath.Join(dir, "in")
				os.Mkdir(d, 0o755)
				write(t, d, "a.txt", []byte("First\n"))
				if err := syscall.Mkfifo(filepath.Join(d, "b.txt"), 0o644); err != nil {
					t.Skip("no named pipes here:", err)
				}
				return []string{d}
			}},
		{name: "FolderUnreadable", code: 1, want: "b.txt: permission denied",
			setup: func(t *testing.T, dir string) []string {
				if os.Geteuid() == 0 {
					t.Skip("root reads files whatever their mode; FolderBrokenLink and FolderNamedPipe stand in")
				}
				d := filepath.Join(dir, "in")
				os.Mkdir(d, 0o755)
				write(t, d, "a.txt", []byte("First\n"))
				write(t, d, "b.txt", []byte("Second\n"))
				os.Chmod(filepath.Join(d, "b.txt"), 0)
				return []string{d}
			}},
		{name: "FolderDirNamedTxt", code: 0, want: "1 new article(s)",
			setup: func(t *testing.T, dir string) []string {
				d := filepath.Join(dir, "in")
				os.MkdirAll(filepath.Join(d, "x.txt"), 0o755)
				write(t, d, "a.txt", []byte("First\n"))
				return []string{d}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "t.db")
			copyTo(t, base, db)
			args := tt.setup(t, dir)
			before := ""
			if tt.code != 0 {
				before = snapshot(t, db)
			}
			r := tagdeskWithin(t, 60*time.Second, append([]string{"import", "--db", db}, args...)...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
				t.Fatalf("got exit %d, stderr %.500q; want exit %d, stderr containing %q", r.code, r.stderr, tt.code, tt.want)
			}
			if strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "goroutine ") {
				t.Fatalf("crashed: %.2000s", r.stderr)
			}
			if tt.code != 0 {
				if after := snapshot(t, db); after != before {
					t.Errorf("a refused import changed the database")
				}
				return
			}
			if c := tagdesk(t, "check", "--db", db); c.code != 0 {
				t.Errorf("check after the import: %s %s", c.stdout, c.stderr)
			}
			if tt.check != nil {
				ex := tagdesk(t, "export", "--db", db)
				if ex.code != 0 {
					t.Fatal(ex.stderr)
				}
				tt.check(t, db, ex.stdout)
			}
		})
	}
}

func TestBackupCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	if r := tagdesk(t, "import", "--db", db, write(t, dir, "s.jsonl", assets.SampleSpans)); r.code != 0 {
		t.Fatal(r.stderr)
	}
	out := filepath.Join(dir, "copy.db")

	// A backup while another connection holds the write lock in the middle
	// of a change: the copy holds the database as it was before that
	// change, whole, and the backup does not wait for the lock.
	raw, err := sql.Open("sqlite3", "file:"+db+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	tx, err := raw.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`UPDATE articles SET title = 'half-written'`); err != nil {
		t.Fatal(err)
	}
	r := tagdesk(t, "backup", "--db", db, out)
	if r.code != 0 || !strings.Contains(r.stderr, "backed up") {
		t.Fatalf("backup while the write lock is held: %d %s", r.code, r.stderr)
	}
	tx.Rollback()
	c := tagdesk(t, "check", "--db", out)
	if c.code != 0 || !strings.Contains(c.stdout, "ok: 1 articles, 52 spans checked") {
		t.Errorf("check of the copy: %d %q %q", c.code, c.stdout, c.stderr)
	}
	if ex := tagdesk(t, "export", "--db", out); strings.Contains(ex.stdout, "half-written") {
		t.Errorf("the copy holds the uncommitted change")
	}
	// A committed import is in the next backup.
	if r := tagdesk(t, "import", "--db", db, write(t, dir, "big.txt", []byte("Big\n"+repeat("Canada froze assets. ", 1<<20)))); r.code != 0 {
		t.Fatal(r.stderr)
	}

	before, _ := os.ReadFile(out)
	if r := tagdesk(t, "backup", "--db", db, out); r.code != 1 || !strings.Contains(r.stderr, "exists") {
		t.Errorf("backup over an existing file: got %d %q", r.code, r.stderr)
	}
	if after, _ := os.ReadFile(out); !bytes.Equal(before, after) {
		t.Errorf("an existing file was overwritten without --force")
	}
	if r := tagdesk(t, "backup", "--db", db, "--force", out); r.code != 0 {
		t.Errorf("--force: %d %q", r.code, r.stderr)
	}
	if c := tagdesk(t, "check", "--db", out); c.code != 0 || !strings.Contains(c.stdout, "ok: 2 articles, 52 spans checked") {
		t.Errorf("check of the forced copy: %q %q", c.stdout, c.stderr)
	}
	if r := tagdesk(t, "backup", "--db", filepath.Join(dir, "missing.db"), filepath.Join(dir, "m.db")); r.code != 1 || !strings.Contains(r.stderr, "no such database") {
		t.Errorf("backup of a missing database: %d %q", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil {
		t.Errorf("backup created the database it was to copy")
	}
	if r := tagdesk(t, "backup", "--db", db); r.code != 2 {
		t.Errorf("backup without OUT: got %d, want usage error 2", r.code)
	}
}

func TestCheckCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	if r := tagdesk(t, "import", "--db", db, write(t, dir, "s.jsonl", assets.SampleSpans)); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if r := tagdesk(t, "check", "--db", db); r.code != 0 || r.stdout != "ok: 1 articles, 52 spans checked\n" {
		t.Fatalf("check: %d %q %q", r.code, r.stdout, r.stderr)
	}
	raw, err := sql.Open("sqlite3", db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE spans SET span_end = 100000 WHERE id = 1; UPDATE spans SET label = 'GPE' WHERE id = 2`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	r := tagdesk(t, "check", "--db", db)
	// Changed behind tagdesk's back: each span also fails its checksum.
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 1 || len(lines) != 4 || !strings.Contains(lines[0], "span 1 (annotator \"sample\"): does not match its checksum") ||
		!strings.Contains(lines[1], "span 1 (annotator \"sample\"): invalid:") || !strings.Contains(lines[1], "is outside the text") ||
		!strings.Contains(lines[3], `span 2 (annotator "sample"): invalid:`) || !strings.Contains(r.stderr, "is damaged (4 problem(s) above") {
		t.Errorf("check of a damaged database: %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	// No default database: an error, and none is created.
	home := t.TempDir()
	cmd := exec.Command(binPath, "check")
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_DATA_HOME="+filepath.Join(home, "data"), "TAGDESK_DB=")
	if err := cmd.Run(); err == nil {
		t.Errorf("check without a database succeeded")
	}
	if _, err := os.Stat(filepath.Join(home, "data", "tagdesk", "tagdesk.db")); err == nil {
		t.Errorf("check created the default database")
	}
}

// TestCheckSameLabelOverlaps: check lists the pairs of one annotator's
// spans with the same label that overlap ("Nelson" inside "Brian Nelson",
// both PERSON) as notes and still exits 0; nested spans of different
// labels are not listed.
func TestCheckSameLabelOverlaps(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	line := `{"id":"n1","text":"Brian Nelson met OFAC.","annotator":"alice","spans":[` +
		`{"start":0,"end":12,"label":"PERSON"},{"start":6,"end":12,"label":"PERSON"},{"start":6,"end":12,"label":"ORG"}]}` + "\n"
	if r := tagdesk(t, "import", "--db", db, write(t, dir, "n.jsonl", []byte(line))); r.code != 0 {
		t.Fatal(r.stderr)
	}
	r := tagdesk(t, "check", "--db", db)
	want := "note: article 1 (n1): spans 1 \"Brian Nelson\" and 2 \"Nelson\" (annotator \"alice\") are both PERSON and overlap\n" +
		"ok: 1 articles, 3 spans checked; 1 pair(s) of spans with the same label overlap (see the notes above)\n"
	if r.code != 0 || r.stdout != want {
		t.Errorf("check: %d\n got %q\nwant %q", r.code, r.stdout, want)
	}
}
