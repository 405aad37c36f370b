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
	dir := t.TempDir()
	file := filepath.Join(dir, "big.jsonl")
	if err := writeCorpus(file, 30000); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(file)
	cmd := exec.Command(os.Args[0], "-test.run", "^TestPeakMemory$", "-test.v")
	cmd.Env = append(os.Environ(), "TAGDESK_MEMCHILD="+file)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	var hwm int
	for _, l := range strings.Split(string(out), "\n") {
		if _, err := fmt.Sscanf(strings.TrimSpace(l), "VmHWM-kB %d", &hwm); err == nil {
			break
		}
	}
	if hwm == 0 {
		t.Fatalf("child printed no VmHWM:\n%s", out)
	}
	t.Logf("file %d MB, peak resident memory %d MB", fi.Size()>>20, hwm>>10)
	if hwm > 50<<10 {
		t.Errorf("peak resident memory %d MB, want < 50 MB", hwm>>10)
	}
}

func memChild(t *testing.T, file string) {
	db := filepath.Join(filepath.Dir(file), "big.db")
	if err := importFile(db, file); err != nil {
		t.Fatal(err)
	}
	if _, err := exportFile(db, filepath.Join(filepath.Dir(file), "out.jsonl")); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status")
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
