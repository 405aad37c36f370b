package cli

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/internal/corpus"
)

// TestBinaryPeakMemory: the tagdesk binary itself, as a user runs it,
// imports and exports a 175 MB corpus (30,000 articles, 600,000 spans)
// with a peak resident memory under 50 MB: both stream.
func TestBinaryPeakMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 175 MB corpus")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "corpus.jsonl")
	f, err := os.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := corpus.Write(w, 30000); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	db := filepath.Join(dir, "m.db")
	// The peak is measured by GNU time, which starts the binary with a
	// plain fork. The rusage Go's os/exec reports is not usable here: Go
	// starts children with vfork (CLONE_VM), and Linux carries the test
	// process's own peak into the child's ru_maxrss at exec.
	gnuTime, err := exec.LookPath("/usr/bin/time")
	if err != nil {
		t.Skip("needs GNU time (/usr/bin/time; make test installs it)")
	}
	const limitMB = 50
	for _, args := range [][]string{
		{"import", "--db", db, in},
		{"export", "--db", db, "-o", filepath.Join(dir, "out.jsonl")},
	} {
		rss := filepath.Join(dir, "rss")
		cmd := exec.Command(gnuTime, append([]string{"-f", "%M", "-o", rss, binPath}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", args[0], err, out)
		}
		data, err := os.ReadFile(rss)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Fields(string(data))
		kb, err := strconv.Atoi(lines[len(lines)-1])
		if err != nil {
			t.Fatalf("GNU time wrote %q", data)
		}
		peak := kb / 1024
		t.Logf("tagdesk %s: peak %d MB", args[0], peak)
		if peak >= limitMB {
			t.Errorf("tagdesk %s: peak memory %d MB, want under %d MB", args[0], peak, limitMB)
		}
	}
}
