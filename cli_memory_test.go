package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
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
	const limitMB = 50
	for _, args := range [][]string{
		{"import", "--db", db, in},
		{"export", "--db", db, "-o", filepath.Join(dir, "out.jsonl")},
	} {
		cmd := exec.Command(binPath, args...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", args[0], err, out)
		}
		peak := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss / 1024 // KB on Linux
		t.Logf("tagdesk %s: peak %d MB", args[0], peak)
		if peak >= limitMB {
			t.Errorf("tagdesk %s: peak memory %d MB, want under %d MB", args[0], peak, limitMB)
		}
	}
}
