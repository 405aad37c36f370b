package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"github.com/tagdesk/tagdesk/internal/transfer"
	"github.com/tagdesk/tagdesk/storage/postgres/pgtest"
	"github.com/tagdesk/tagdesk/storage/storagetest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/assets"
	"github.com/tagdesk/tagdesk/internal/corpus"
	"github.com/tagdesk/tagdesk/storage"
)

// binPath is the tagdesk binary built once for the command-line tests.
var binPath string

// corpusDir holds databases that tests build once and copy.
var corpusDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "tagdesk-cli")
	if err != nil {
		panic(err)
	}
	binPath = filepath.Join(dir, "tagdesk")
	corpusDir = dir
	out, err := exec.Command("go", "build", "-o", binPath, "github.com/tagdesk/tagdesk").CombinedOutput()
	if err != nil {
		os.Stderr.Write(out)
		panic(err)
	}
	code := m.Run()
	pgtest.StopShared()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	code           int
	stdout, stderr string
}

// tagdesk runs the built binary with a private home and data folder and
// without everyday backups.
func tagdesk(t testing.TB, args ...string) result {
	t.Helper()
	return tagdeskEnv(t, []string{"TAGDESK_NO_BACKUPS=1"}, args...)
}

// tagdeskEnv runs the built binary as tagdesk does, with env added last
// (so that it wins).
func tagdeskEnv(t testing.TB, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binPath, args...)
	home := t.TempDir()
	cmd.Env = append(append(os.Environ(), "HOME="+home, "XDG_DATA_HOME="+filepath.Join(home, "data"), "TAGDESK_DB=", "TAGDESK_NO_BACKUPS="), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{code, out.String(), errb.String()}
}

func write(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// snapshot is what a database holds, as the export and stats show it.
func snapshot(t *testing.T, db string) string {
	t.Helper()
	ex := tagdesk(t, "export", "--db", db)
	st := tagdesk(t, "stats", "--db", db)
	if ex.code != 0 || st.code != 0 {
		t.Fatalf("snapshot: %s %s", ex.stderr, st.stderr)
	}
	return ex.stdout + st.stdout
}

func TestImportExportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	in := write(t, dir, "sample.jsonl", assets.SampleSpans)
	if r := tagdesk(t, "import", "--db", db, in); r.code != 0 {
		t.Fatalf("import: %d %s", r.code, r.stderr)
	}
	r := tagdesk(t, "export", "--db", db)
	if r.code != 0 {
		t.Fatalf("export: %s", r.stderr)
	}
	golden := filepath.Join("..", "..", "annotate", "format", "testdata", "sample.golden.jsonl")
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if r.stdout != string(want) {
		t.Errorf("export differs from %s:\ngot  %.300s\nwant %.300s", golden, r.stdout, want)
	}
	// Re-importing is idempotent.
	before := snapshot(t, db)
	if r := tagdesk(t, "import", "--db", db, in); r.code != 0 {
		t.Fatalf("re-import: %s", r.stderr)
	}
	if after := snapshot(t, db); after != before {
		t.Errorf("re-import changed the database")
	}
	// Filters and -o.
	out := filepath.Join(dir, "done.jsonl")
	if r := tagdesk(t, "export", "--db", db, "--status", "todo", "-o", out); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if data, _ := os.ReadFile(out); len(data) != 0 {
		t.Errorf("--status todo: got %d bytes want none", len(data))
	}
	if r := tagdesk(t, "export", "--db", db, "--annotator", "sample", "--status", "done"); r.stdout != string(want) {
		t.Errorf("--annotator sample --status done: got %.200s", r.stdout)
	}
	if r := tagdesk(t, "stats", "--db", db); !strings.Contains(r.stdout, "spans     52") || !strings.Contains(r.stdout, "PERSON       19") {
		t.Errorf("stats: got\n%s", r.stdout)
	}
}

func TestImportBadInput(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	good := write(t, dir, "good.jsonl", assets.SampleSpans)
	if r := tagdesk(t, "import", "--db", db, good); r.code != 0 {
		t.Fatal(r.stderr)
	}
	line := func(s string) string { return `{"id":"ok","text":"Canada froze assets."}` + "\n" + s + "\n" }
	tests := []struct{ name, file, data, want string }{
		{"ErrMalformed", "m.jsonl", line(`{"id":"x","text":`), "m.jsonl:2: invalid: malformed JSON"},
		{"ErrUTF8", "u.jsonl", line("{\"id\":\"x\",\"text\":\"a\xffb\"}"), "u.jsonl:2: invalid: line is not valid UTF-8"},
		{"ErrOutside", "o.jsonl", line(`{"id":"x","text":"abc","spans":[{"start":1,"end":9,"label":"ORG"}]}`), "o.jsonl:2: invalid: span [1,9) is outside the text"},
		{"ErrStartEnd", "s.jsonl", line(`{"id":"x","text":"abc","spans":[{"start":2,"end":2,"label":"ORG"}]}`), "s.jsonl:2: invalid: span [2,2) is empty or reversed"},
		{"ErrSlice", "t.jsonl", line(`{"id":"x","text":"a🇨🇦b","spans":[{"start":1,"end":2,"label":"ORG","text":"🇨🇦"}]}`), `t.jsonl:2: invalid: span [1,2) ORG: text "🇨🇦" does not match`},
		{"ErrLabel", "l.jsonl", line(`{"id":"x","text":"abc","spans":[{"start":0,"end":1,"label":"GPE"}]}`), `l.jsonl:2: invalid: span [0,1): unknown label "GPE"`},
		{"ErrEmpty", "e.jsonl", "", "e.jsonl:1: invalid: file is empty"},
		{"ErrTextUTF8", "bad.txt", "Title\n\xfe\n", "bad.txt:2: invalid: text is not valid UTF-8"},
		{"ErrMissing", "", "", "missing.jsonl: no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := snapshot(t, db)
			p := filepath.Join(dir, "missing.jsonl")
			if tt.file != "" {
				p = write(t, dir, tt.file, []byte(tt.data))
			}
			r := tagdesk(t, "import", "--db", db, p)
			if r.code != 1 {
				t.Errorf("exit status: got %d want 1", r.code)
			}
			if want := "tagdesk: " + filepath.Join(dir, ""); !strings.HasPrefix(r.stderr, want) || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr: got %q want tagdesk: FILE:LINE containing %q", r.stderr, tt.want)
			}
			if after := snapshot(t, db); after != before {
				t.Errorf("the database changed")
			}
		})
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{"frobnicate"}, {"import"}, {"export", "--status", "finished"}, {"stats", "--nope"}, {"export", "out.jsonl"}} {
		r := tagdesk(t, args...)
		if r.code != 2 || !strings.Contains(r.stderr, "usage: tagdesk") {
			t.Errorf("%v: got %d %q want 2 and the usage", args, r.code, r.stderr)
		}
	}
	if r := tagdesk(t, "version"); r.code != 0 || !strings.HasPrefix(r.stdout, "tagdesk ") {
		t.Errorf("version: got %d %q", r.code, r.stdout)
	}
}

func TestRefuseForeignDatabase(t *testing.T) {
	dir := t.TempDir()
	notDB := write(t, dir, "notes.db", []byte("this is not a database\n"))
	sum := sha256.Sum256([]byte("this is not a database\n"))
	r := tagdesk(t, "stats", "--db", notDB)
	if r.code != 1 || !strings.Contains(r.stderr, "notes.db") {
		t.Errorf("got %d %q", r.code, r.stderr)
	}
	data, _ := os.ReadFile(notDB)
	if sha256.Sum256(data) != sum {
		t.Errorf("the file was modified")
	}
}

func TestSchemaCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	r := tagdesk(t, "schema")
	if r.code != 0 || r.stdout != string(assets.SchemaTOML) {
		t.Fatalf("schema: got %d %q", r.code, r.stderr)
	}
	custom := write(t, dir, "s.toml", []byte("[[labels]]\nname=\"GPE\"\nkey=\"1\"\ncolor=\"#112233\"\n"))
	if r := tagdesk(t, "schema", "--db", db, "--set", custom); r.code != 0 {
		t.Fatalf("set: %s", r.stderr)
	}
	if r := tagdesk(t, "schema", "--db", db); !strings.Contains(r.stdout, `name = "GPE"`) {
		t.Errorf("schema in force: got %q", r.stdout)
	}
	bad := write(t, dir, "bad.toml", []byte("[[labels]]\nname=\"A\"\nkey=\"12\"\ncolor=\"#112233\"\n"))
	if r := tagdesk(t, "schema", "--db", db, "--set", bad); r.code != 1 || !strings.Contains(r.stderr, "bad.toml") {
		t.Errorf("bad schema: got %d %q", r.code, r.stderr)
	}
}

// TestSchemaGuidelines: --guidelines keeps a Markdown file with the
// schema; schema says they are set without printing them, --set of a
// file without guidelines keeps them, one with its own replaces them, an
// empty file removes them, and a file that cannot be read is named.
func TestSchemaGuidelines(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	md := write(t, dir, "rules.md", []byte("# Persons\n\nLabel a **person** by name only.\n"))
	r := tagdesk(t, "schema", "--db", db, "--guidelines", md)
	if r.code != 0 || r.stdout != "guidelines set: 3 lines from "+md+"\n" {
		t.Fatalf("--guidelines: %d %q %q", r.code, r.stdout, r.stderr)
	}
	guidelines := func() string {
		t.Helper()
		st, err := storage.OpenReadOnly(db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		sch, err := st.Schema(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return sch.Guidelines
	}
	const want = "# Persons\n\nLabel a **person** by name only.\n"
	if got := guidelines(); got != want {
		t.Fatalf("stored guidelines %q", got)
	}
	r = tagdesk(t, "schema", "--db", db)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "# guidelines: set, 3 lines of Markdown") ||
		strings.Contains(r.stdout, "Persons") || !strings.Contains(r.stdout, `name = "PERSON"`) {
		t.Fatalf("schema: %d %q %q", r.code, r.stdout, r.stderr)
	}
	printed := write(t, dir, "printed.toml", []byte(r.stdout))
	if r := tagdesk(t, "schema", "--db", db, "--set", printed); r.code != 0 {
		t.Fatalf("--set of the printed schema: %s", r.stderr)
	}
	if got := guidelines(); got != want {
		t.Errorf("after --set without guidelines: %q", got)
	}
	own := write(t, dir, "own.toml", append([]byte("guidelines = \"Be brief.\"\n"), assets.SchemaTOML...))
	if r := tagdesk(t, "schema", "--db", db, "--set", own); r.code != 0 {
		t.Fatalf("--set with guidelines: %s", r.stderr)
	}
	if got := guidelines(); got != "Be brief." {
		t.Errorf("after --set with guidelines: %q", got)
	}
	missing := filepath.Join(dir, "nope.md")
	if r := tagdesk(t, "schema", "--db", db, "--guidelines", missing); r.code != 1 || !strings.Contains(r.stderr, missing) {
		t.Errorf("missing file: %d %q", r.code, r.stderr)
	}
	binary := write(t, dir, "bin.md", []byte{0xff, 0xfe, 0})
	if r := tagdesk(t, "schema", "--db", db, "--guidelines", binary); r.code != 1 || !strings.Contains(r.stderr, "bin.md") {
		t.Errorf("binary file: %d %q", r.code, r.stderr)
	}
	if got := guidelines(); got != "Be brief." {
		t.Errorf("after the refused files: %q", got)
	}
	empty := write(t, dir, "empty.md", []byte("\n"))
	if r := tagdesk(t, "schema", "--db", db, "--guidelines", empty); r.code != 0 || !strings.HasPrefix(r.stdout, "guidelines removed") {
		t.Errorf("empty file: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := tagdesk(t, "schema", "--db", db); strings.Contains(r.stdout, "guidelines") {
		t.Errorf("schema after removing them: %q", r.stdout)
	}
}

// TestMissingDatabase: the commands that only read a database refuse a
// --db that names nothing (a typo) and create nothing; import, and schema
// --set, create it.
func TestMissingDatabase(t *testing.T) {
	dir := t.TempDir()
	typo := filepath.Join(dir, "typo.db")
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"export", []string{"export"}},
		{"export brat", []string{"export", "--format", "brat", "-o", filepath.Join(dir, "brat")}},
		{"stats", []string{"stats"}},
		{"schema", []string{"schema"}},
		{"check", []string{"check"}},
		{"backup", []string{"backup", filepath.Join(dir, "copy.db")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args
			r := tagdesk(t, append(args, "--db", typo)...)
			want := "tagdesk: " + typo + ": no such database (tagdesk import --db " + typo + " … creates one)\n"
			if r.code != 1 || r.stderr != want {
				t.Errorf("%v: got %d %q want 1 %q", args, r.code, r.stderr, want)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				t.Errorf("%v created %s", args, e.Name())
			}
		})
	}
	t.Run("import", func(t *testing.T) {
		db := filepath.Join(dir, "new.db")
		in := write(t, t.TempDir(), "a.jsonl", []byte(`{"id":"a","text":"Canada froze assets."}`+"\n"))
		if r := tagdesk(t, "import", "--db", db, in); r.code != 0 {
			t.Fatalf("import: %d %s", r.code, r.stderr)
		}
		if r := tagdesk(t, "stats", "--db", db); r.code != 0 || !strings.HasPrefix(r.stdout, "articles  1\n") {
			t.Errorf("stats of the new database: %d %q %q", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("schema --set", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "s.db")
		set := write(t, t.TempDir(), "s.toml", assets.SchemaTOML)
		if r := tagdesk(t, "schema", "--db", db, "--set", set); r.code != 0 {
			t.Fatalf("schema --set: %d %s", r.code, r.stderr)
		}
		if _, err := os.Stat(db); err != nil {
			t.Errorf("schema --set did not create the database: %v", err)
		}
	})
	t.Run("default", func(t *testing.T) {
		// Without --db the default database is created and seeded.
		if r := tagdesk(t, "stats"); r.code != 0 || !strings.HasPrefix(r.stdout, "articles  1\n") {
			t.Errorf("stats of the default database: %d %q %q", r.code, r.stdout, r.stderr)
		}
	})
}

// TestOpenDBSeedFails: a database whose seeding fails is removed, with its
// -wal and -shm files, so that the next start creates and seeds it anew.
func TestOpenDBSeedFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	boom := errors.New("boom")
	_, err := openDBWith(path, func(ctx context.Context, db annotate.Store) error {
		if err := seedSample(ctx, db); err != nil { // the files exist now
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want boom", err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s left behind (%v)", filepath.Base(p), err)
		}
	}
	db, err := openDB(path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st, err := db.Stats(context.Background())
	if err != nil || st.Articles != 1 {
		t.Errorf("reopened: %d articles, %v; want the sample article", st.Articles, err)
	}
}

// dirNames lists the names in dir, sorted.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestExportBratFolder: a brat export appears whole in a new or empty
// folder; a folder that is not empty is refused unless --force, which
// replaces an earlier export without leaving its files, but never a folder
// with files an export does not write.
func TestExportBratFolder(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	if r := tagdesk(t, "import", "--db", db, write(t, dir, "in.jsonl", assets.SampleSpans)); r.code != 0 {
		t.Fatal(r.stderr)
	}
	parent := filepath.Join(dir, "exports")
	out := filepath.Join(parent, "brat")
	exported := func(t *testing.T, args ...string) {
		t.Helper()
		r := tagdesk(t, append([]string{"export", "--db", db, "--format", "brat", "-o", out}, args...)...)
		if r.code != 0 {
			t.Fatalf("export %v: %d %s", args, r.code, r.stderr)
		}
		if names := dirNames(t, parent); len(names) != 1 || names[0] != "brat" {
			t.Errorf("beside the export: %q, want only brat", names)
		}
	}
	refused := func(t *testing.T, want string, args ...string) {
		t.Helper()
		before := dirNames(t, out)
		r := tagdesk(t, append([]string{"export", "--db", db, "--format", "brat", "-o", out}, args...)...)
		if r.code != 1 || !strings.Contains(r.stderr, want) {
			t.Errorf("export %v: got %d %q want 1 and %q", args, r.code, r.stderr, want)
		}
		if after := dirNames(t, out); !reflect.DeepEqual(after, before) {
			t.Errorf("the folder changed: %q, was %q", after, before)
		}
		if names := dirNames(t, parent); len(names) != 1 {
			t.Errorf("beside the export: %q", names)
		}
	}
	exported(t)
	if names := dirNames(t, out); !slices.Contains(names, "annotation.conf") || len(names) < 4 {
		t.Fatalf("export wrote %q", names)
	}
	refused(t, "not empty (name a new or empty folder, or use --force")

	// --force replaces the earlier export: none of its files stay.
	write(t, out, "stale.ann", []byte("T1\tPERSON 0 1\tx\n"))
	exported(t, "--force", "--status", "todo")
	if names := dirNames(t, out); !reflect.DeepEqual(names, []string{"annotation.conf", "visual.conf"}) {
		t.Errorf("after --force with nothing to export: %q", names)
	}

	// Not with a file an export does not write, nor with a subfolder.
	write(t, out, "notes.md", []byte("mine"))
	refused(t, "notes.md is not a file that an export writes", "--force")
	os.Remove(filepath.Join(out, "notes.md"))
	if err := os.Mkdir(filepath.Join(out, "sub.txt"), 0o755); err != nil {
		t.Fatal(err)
	}
	refused(t, "sub.txt is not a file that an export writes", "--force")
	os.Remove(filepath.Join(out, "sub.txt"))

	// An empty folder is written into; a file is refused.
	os.RemoveAll(out)
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	exported(t)
	if names := dirNames(t, out); len(names) < 4 {
		t.Errorf("into an empty folder: %q", names)
	}
	file := write(t, dir, "file", []byte("x"))
	if r := tagdesk(t, "export", "--db", db, "--format", "brat", "-o", file, "--force"); r.code != 1 || !strings.Contains(r.stderr, "not a folder") {
		t.Errorf("onto a file: %d %q", r.code, r.stderr)
	}
}

// TestExportFolderFails: a brat export that fails or is cancelled half way
// leaves no folder and no temporary folder, and an earlier export it was
// to replace as it was.
func TestExportFolderFails(t *testing.T) {
	db := storagetest.WithTexts(t, "Canada froze assets.", "Japan followed.", "So did Norway.")
	for _, force := range []bool{false, true} {
		t.Run(fmt.Sprint("force=", force), func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "brat")
			if force {
				if err := os.Mkdir(out, 0o755); err != nil {
					t.Fatal(err)
				}
				write(t, out, "old.txt", []byte("earlier export"))
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			job := transfer.ExportJob{Format: "brat", Out: out, Force: force, Record: func(n int) {
				if n == 2 {
					cancel()
				}
			}}
			if _, err := transfer.Export(ctx, db, job, nil); !errors.Is(err, context.Canceled) {
				t.Fatalf("got %v, want context.Canceled", err)
			}
			want := []string(nil)
			if force {
				want = []string{"brat"}
				if names := dirNames(t, out); !reflect.DeepEqual(names, []string{"old.txt"}) {
					t.Errorf("the earlier export now holds %q", names)
				}
			}
			if names := dirNames(t, parent); !reflect.DeepEqual(names, want) {
				t.Errorf("left %q, want %q", names, want)
			}
		})
	}
}

// TestExportInterrupted: Ctrl-C during a brat export removes its temporary
// folder; nothing is left beside the target.
func TestExportInterrupted(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "corpus.jsonl")
	var b bytes.Buffer
	if err := corpus.Write(&b, 5000); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "corpus.jsonl", b.Bytes())
	db := filepath.Join(dir, "t.db")
	if r := tagdesk(t, "import", "--db", db, in); r.code != 0 {
		t.Fatal(r.stderr)
	}
	parent := t.TempDir()
	out := filepath.Join(parent, "brat")
	// Watch before the export starts, so that no file escapes the watch.
	watcher, err := fsnotify.NewWatcher()
	if err != nil {
		t.Fatal(err)
	}
	defer watcher.Close()
	if err := watcher.Add(parent); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binPath, "export", "--db", db, "--format", "brat", "-o", out)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if err := awaitFile(watcher, filepath.Join(parent, ".brat.tmp-*", "*.ann")); err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("%v: %s", err, errb.String())
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	if _, statErr := os.Stat(out); statErr == nil && err == nil {
		t.Skip("the export finished before the interrupt arrived")
	}
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || !strings.Contains(errb.String(), "export interrupted") {
		t.Errorf("got %v %q, want exit status 1 and export interrupted", err, errb.String())
	}
	if names := dirNames(t, parent); len(names) != 0 {
		t.Errorf("left %q beside the target", names)
	}
}

// awaitFile waits for w's events until a file matching pattern (one
// folder level below a watched folder) exists, watching each new folder
// as it appears. Only a failure waits the full minute.
func awaitFile(w *fsnotify.Watcher, pattern string) error {
	limit := time.After(time.Minute)
	for {
		if names, _ := filepath.Glob(pattern); len(names) > 0 {
			return nil
		}
		select {
		case ev := <-w.Events:
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					w.Add(ev.Name) // then the Glob above sees what it already holds
				}
			}
		case err := <-w.Errors:
			return err
		case <-limit:
			return fmt.Errorf("no file %s appeared", pattern)
		}
	}
}
