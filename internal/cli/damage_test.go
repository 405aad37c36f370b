package cli

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/tagdesk/tagdesk/internal/corpus"
)

// corpusDBs caches one database per size for the tests that damage copies.
var corpusDBs sync.Map

// corpusDB returns a database of n benchmark articles (20 spans each),
// written once by the binary and copied for each caller into dir.
func corpusDB(t *testing.T, dir string, n int) string {
	t.Helper()
	v, _ := corpusDBs.LoadOrStore(n, &sync.Once{})
	once := v.(*sync.Once)
	src := filepath.Join(corpusDir, "c"+strconv.Itoa(n)+".db")
	once.Do(func() {
		var b bytes.Buffer
		if err := corpus.Write(&b, n); err != nil {
			t.Fatal(err)
		}
		in := write(t, t.TempDir(), "corpus.jsonl", b.Bytes())
		if r := tagdesk(t, "import", "--db", src, in); r.code != 0 {
			t.Fatal(r.stderr)
		}
	})
	dst := filepath.Join(dir, "t.db")
	copyTo(t, src, dst)
	return dst
}

// damages are the ways a database file gets damaged: pages overwritten
// in the middle (a bad sector, a sync tool), the end cut off (a copy
// interrupted) and a zeroed header.
var damages = []struct {
	name string
	do   func(t *testing.T, path string)
}{
	{"Middle", func(t *testing.T, path string) {
		overwrite(t, path, fileSize(t, path)/2, 2048)
	}},
	{"Truncated", func(t *testing.T, path string) {
		if err := os.Truncate(path, fileSize(t, path)*55/100); err != nil {
			t.Fatal(err)
		}
	}},
	{"Header", func(t *testing.T, path string) {
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteAt(make([]byte, 100), 0); err != nil {
			t.Fatal(err)
		}
	}},
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// overwrite writes n bytes of deterministic noise at off.
func overwrite(t *testing.T, path string, off int64, n int) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	noise := make([]byte, n)
	r := rand.New(rand.NewPCG(uint64(off), 15))
	for i := range noise {
		noise[i] = byte(r.Uint32())
	}
	if _, err := f.WriteAt(noise, off); err != nil {
		t.Fatal(err)
	}
}

// damagedMsg is how every command reports a damaged database.
func damagedMsg(db string) (prefix, suffix string) {
	return "tagdesk: " + db + " is damaged (",
		"); nothing was changed. Run tagdesk recover --db " + db + " -o NEW.db to save what can be read, or restore a backup (tagdesk backups).\n"
}

// TestDamagedDatabase damages a 400-article database in several ways and
// runs every command on it: each either works on what it can read or
// says that the file is damaged, in words, with what to do (exit status 1);
// export and check always notice; none changes the file.
func TestDamagedDatabase(t *testing.T) {
	for _, d := range damages {
		t.Run(d.name, func(t *testing.T) {
			dir := t.TempDir()
			db := corpusDB(t, dir, 400)
			d.do(t, db)
			before, err := os.ReadFile(db)
			if err != nil {
				t.Fatal(err)
			}
			wrote := false
			in := write(t, dir, "n.jsonl", []byte(`{"id":"new","text":"Canada froze assets."}`+"\n"))
			prefix, suffix := damagedMsg(db)
			for _, c := range []struct {
				args     []string
				mustFail bool
			}{
				{[]string{"export", "--db", db}, true},
				{[]string{"check", "--db", db}, true},
				{[]string{"stats", "--db", db}, false},
				{[]string{"schema", "--db", db}, false},
				{[]string{"backup", "--db", db, filepath.Join(dir, "copy.db")}, true},
				{[]string{"import", "--db", db, in}, false},
				{[]string{"imports", "--db", db}, false},
				{[]string{"import", "--db", db, "--undo", "1"}, false},
			} {
				r := tagdesk(t, c.args...)
				if r.code == 0 && !c.mustFail {
					wrote = wrote || c.args[0] == "import"
					continue
				}
				if r.code != 1 || !strings.HasPrefix(r.stderr, prefix) || !strings.HasSuffix(r.stderr, suffix) {
					t.Errorf("tagdesk %s: got %d %q, want 1 %q…%q", c.args[0], r.code, r.stderr, prefix, suffix)
				}
			}
			if after, _ := os.ReadFile(db); !wrote && !bytes.Equal(before, after) {
				t.Errorf("the damaged file was changed")
			}
		})
	}
}

// TestRecoverCommand recovers each damaged database into a new one that
// passes check, and prints what it saved against what the file claims;
// an existing NEW.db is refused without --force.
func TestRecoverCommand(t *testing.T) {
	for _, d := range damages {
		t.Run(d.name, func(t *testing.T) {
			dir := t.TempDir()
			db := corpusDB(t, dir, 400)
			d.do(t, db)
			before, _ := os.ReadFile(db)
			out := filepath.Join(dir, "new.db")
			r := tagdesk(t, "recover", "--db", db, "-o", out)
			if r.code != 0 || !strings.Contains(r.stdout, "recovered "+db+" into "+out+":\n") ||
				!regexp.MustCompile(`(?m)^  articles  \d+ of 400 saved, \d+ lost$`).MatchString(r.stdout) ||
				!regexp.MustCompile(`(?m)^check: ok: \d+ articles, \d+ spans checked$`).MatchString(r.stdout) {
				t.Fatalf("recover: %d\n%s\n%s", r.code, r.stdout, r.stderr)
			}
			if d.name != "Truncated" && !strings.Contains(r.stdout, "of 8000 saved") {
				t.Errorf("recover: spans not counted:\n%s", r.stdout)
			}
			if c := tagdesk(t, "check", "--db", out); c.code != 0 {
				t.Errorf("check of the recovered database: %d %s %s", c.code, c.stdout, c.stderr)
			}
			if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
				t.Errorf("recover changed the damaged file")
			}
			if r := tagdesk(t, "recover", "--db", db, "-o", out); r.code != 1 || !strings.Contains(r.stderr, "file exists") {
				t.Errorf("recover over an existing file: %d %q", r.code, r.stderr)
			}
			if r := tagdesk(t, "recover", "--db", db, "-o", out, "--force"); r.code != 0 {
				t.Errorf("recover --force: %d %q", r.code, r.stderr)
			}
		})
	}
	// A header zeroed or pages overwritten where only an index lives:
	// everything is saved.
	dir := t.TempDir()
	db := corpusDB(t, dir, 400)
	damages[2].do(t, db)
	r := tagdesk(t, "recover", "--db", db, "-o", filepath.Join(dir, "new.db"))
	if !strings.Contains(r.stdout, "articles  400 of 400 saved, 0 lost\n  spans     8000 of 8000 saved, 0 lost\n  statuses  400 of 400 saved, 0 lost\n") {
		t.Errorf("recover of a zeroed header lost rows:\n%s", r.stdout)
	}
}
