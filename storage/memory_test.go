package storage_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestPeakMemory imports and exports a corpus file several times larger
// than 50 MB in a child process and checks that its peak resident memory
// (VmHWM) stays under 50 MB: both directions stream.
func TestPeakMemory(t *testing.T) {
	if file := os.Getenv("TAGDESK_MEMCHILD"); file != "" {
		memChild(t, file)
		return
	}
	if testing.Short() {
		t.Skip("writes a 175 MB corpus")
	}
	if raceEnabled {
		t.Skip("the race detector multiplies memory: make test runs this test again without -race")
	}
	if _, err := os.Stat(procStatus); err != nil {
		t.Skipf("no peak memory to read: %v", err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "big.jsonl")
	if err := writeCorpus(file, 30000, 0); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(file)
	cmd := exec.Command(os.Args[0], "-test.run", "^TestPeakMemory$", "-test.v")
	cmd.Env = append(os.Environ(), "TAGDESK_MEMCHILD="+file)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	hwm, skipped := childPeak(string(out))
	if skipped != "" {
		t.Skipf("child skipped: %s", skipped)
	}
	if hwm == 0 {
		t.Fatalf("child printed no VmHWM:\n%s", out)
	}
	t.Logf("file %d MB, peak resident memory %d MB", fi.Size()>>20, hwm>>10)
	if hwm > 50<<10 {
		t.Errorf("peak resident memory %d MB, want < 50 MB", hwm>>10)
	}
}

// procStatus is where Linux tells a process's peak resident memory.
const procStatus = "/proc/self/status"

// childPeak reads the child's -test.v output: the VmHWM it printed, in kB,
// or, when it skipped, why (the line its t.Skip wrote, before "--- SKIP").
func childPeak(out string) (kb int, skipped string) {
	why := ""
	for _, l := range strings.Split(out, "\n") {
		l = strings.TrimSpace(l)
		if _, err := fmt.Sscanf(l, "VmHWM-kB %d", &kb); err == nil {
			return kb, ""
		}
		switch {
		case strings.HasPrefix(l, "--- SKIP:"):
			if why == "" {
				why = l
			}
			return 0, why
		case l != "" && !strings.HasPrefix(l, "==="):
			why = l
		}
	}
	return 0, ""
}

func memChild(t *testing.T, file string) {
	if _, err := os.Stat(procStatus); err != nil {
		t.Skipf("no peak memory to read: %v", err)
	}
	db := filepath.Join(filepath.Dir(file), "big.db")
	if err := importFile(db, file); err != nil {
		t.Fatal(err)
	}
	if _, err := exportFile(db, filepath.Join(filepath.Dir(file), "out.jsonl")); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(procStatus)
	if err != nil {
		t.Skipf("no peak memory to read: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if kb, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(kb), "kB")))
			fmt.Printf("VmHWM-kB %d\n", n)
		}
	}
}

// TestChildPeak: a child that skips (no /proc) makes the parent skip, not
// fail for want of a VmHWM line.
func TestChildPeak(t *testing.T) {
	const why = "memory_test.go:80: no peak memory to read: stat /proc/self/status: no such file or directory"
	tests := []struct {
		name, out string
		kb        int
		skipped   string
	}{
		{"OK", "=== RUN   TestPeakMemory\nVmHWM-kB 41234\n--- PASS: TestPeakMemory (3.10s)\nPASS\n", 41234, ""},
		{"Skipped", "=== RUN   TestPeakMemory\n    " + why + "\n--- SKIP: TestPeakMemory (0.00s)\nPASS\n", 0, why},
		{"SkippedSilently", "=== RUN   TestPeakMemory\n--- SKIP: TestPeakMemory (0.00s)\nPASS\n", 0, "--- SKIP: TestPeakMemory (0.00s)"},
		{"Nothing", "=== RUN   TestPeakMemory\n--- PASS: TestPeakMemory (3.10s)\nPASS\n", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kb, skipped := childPeak(tt.out)
			if kb != tt.kb || skipped != tt.skipped {
				t.Errorf("got %d %q want %d %q", kb, skipped, tt.kb, tt.skipped)
			}
		})
	}
}
