package storage_test

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage"
)

// importerChildEnv makes the test binary a process that holds a long
// import: it begins the import, prints "locked", puts articles, then
// holds the lock until a line arrives on its standard input, commits and
// prints "committed".
const importerChildEnv = "TAGDESK_IMPORTER_CHILD"

func TestImporterChild(t *testing.T) {
	path := os.Getenv(importerChildEnv)
	if path == "" {
		t.Skip("run by TestTwoProcesses")
	}
	n, _ := strconv.Atoi(os.Getenv("TAGDESK_IMPORTER_N"))
	db, err := storage.Open(path)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	tx, err := db.BeginImport(ctx)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	fmt.Println("locked")
	for i := 0; i < n; i++ {
		rec := &annotate.Record{Article: annotate.Article{ExtID: fmt.Sprintf("imp-%d", i), Title: "Imported", Text: fmt.Sprintf("Article %d from a slow import.", i)},
			Annotator: "importer", Spans: []annotate.Span{{Start: 0, End: 7, Label: "ORG", Annotator: "importer"}}}
		if err := tx.Put(ctx, rec); err != nil {
			fmt.Println("error", err)
			os.Exit(3)
		}
	}
	bufio.NewReader(os.Stdin).ReadString('\n') // a long import: the lock is held until the test says
	if err := tx.Commit(); err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	fmt.Println("committed")
	db.Close()
	os.Exit(0)
}

// TestTwoProcesses runs the window's writes (AddSpan in a loop) and a
// second import in this process while another process holds a long import
// open, longer than the busy timeout: no write fails with "database is
// locked", every write is stored, and this process's handle sees the
// other's articles and a higher Generation without reopening.
func TestTwoProcesses(t *testing.T) {
	// The import holds the lock until the writes here have met it for a
	// whole busy timeout 4 times.
	const busyMS, articles, waits = 100, 1200, 4
	defer storage.SetWriteTimeouts(busyMS, 60*time.Second)()
	var busy atomic.Int64
	longWait := make(chan struct{})
	defer storage.SetBusyHook(func() {
		if busy.Add(1) == waits {
			close(longWait)
		}
	})()
	path := filepath.Join(t.TempDir(), "shared.db")
	db := mustOpenPath(t, path)
	rec := sampleRecord()
	rec.Annotator, rec.Status, rec.Spans = "", "", nil
	id := importOne(t, db, rec)
	gen0, err := db.Generation(ctx)
	if err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run", "^TestImporterChild$")
	cmd.Env = append(os.Environ(), importerChildEnv+"="+path, "TAGDESK_IMPORTER_N="+strconv.Itoa(articles), fmt.Sprintf("TAGDESK_TEST_BUSY_MS=%d", busyMS))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	if !sc.Scan() || sc.Text() != "locked" {
		cmd.Wait()
		t.Fatalf("child: %q", sc.Text())
	}
	childDone := make(chan string, 1)
	go func() {
		var out []string
		for sc.Scan() {
			out = append(out, sc.Text())
		}
		cmd.Wait()
		childDone <- strings.Join(out, "\n")
	}()

	// The window: add a span at a time until the import is over, then a few more.
	text := []rune(hardText)
	var (
		mu      sync.Mutex
		added   []int64
		slowest time.Duration
		errs    []error
		wg      sync.WaitGroup
	)
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				if i > 40 {
					return
				}
			default:
			}
			start, end := nthStretch(i, len(text))
			sp := annotate.Span{ArticleID: id, Annotator: "gui", Start: start, End: end, Label: "ORG", Note: fmt.Sprint(i)}
			t0 := time.Now()
			err := db.AddSpan(ctx, &sp)
			mu.Lock()
			slowest = max(slowest, time.Since(t0))
			if err != nil {
				errs = append(errs, err)
			} else {
				added = append(added, sp.ID)
			}
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	// A second import at the same time (e.g. from the window's menu) waits its turn.
	wg.Add(1)
	go func() {
		defer wg.Done()
		r := &annotate.Record{Article: annotate.Article{ExtID: "second-import", Title: "Second", Text: "Canada froze assets."}}
		if err := importRecords(t, db, r); err != nil {
			mu.Lock()
			errs = append(errs, fmt.Errorf("second import: %w", err))
			mu.Unlock()
		}
	}()

	select {
	case <-longWait:
		fmt.Fprintln(stdin, "commit")
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("no write met the import's lock")
	}
	var childOut string
	select {
	case childOut = <-childDone:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the importing child did not finish")
	}
	close(stop)
	wg.Wait()
	if !strings.Contains(childOut, "committed") {
		t.Fatalf("child: %s", childOut)
	}
	for _, err := range errs {
		t.Errorf("write failed while another process imported: %v", err)
	}
	t.Logf("%d spans added while the import held the lock; slowest AddSpan waited %v (busy timeout %d ms)", len(added), slowest.Round(time.Millisecond), busyMS)
	if slowest < busyMS*time.Millisecond {
		t.Errorf("no AddSpan waited for the import (slowest %v): the test did not test", slowest)
	}
	got, err := db.Spans(ctx, id, "gui")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(added) {
		t.Errorf("%d spans stored, want the %d added", len(got), len(added))
	}
	n, err := db.CountArticles(ctx, annotate.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if want := 2 + articles; n != want {
		t.Errorf("this handle sees %d articles, want %d (its own two and the other process's import)", n, want)
	}
	if gen, _ := db.Generation(ctx); gen <= gen0+int64(len(added)) {
		t.Errorf("generation %d, want > %d + %d own writes: the other process's import must count", gen, gen0, len(added))
	}
}

// TestWriteGivesUp checks the other side of writeWait: a write that cannot
// get the lock in time fails with ErrBusy, a message saying what to do,
// and stores nothing.
func TestWriteGivesUp(t *testing.T) {
	defer storage.SetWriteTimeouts(50, 300*time.Millisecond)()
	path := filepath.Join(t.TempDir(), "busy.db")
	a := mustOpenPath(t, path)
	b := mustOpenPath(t, path)
	rec := sampleRecord()
	rec.Annotator, rec.Status, rec.Spans = "", "", nil
	id := importOne(t, a, rec)
	tx, err := a.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	sp := annotate.Span{ArticleID: id, Start: 1, End: 7, Label: "JURISDICTION", Annotator: "gui"}
	t0 := time.Now()
	err = b.AddSpan(ctx, &sp)
	if !errors.Is(err, storage.ErrBusy) || !strings.Contains(err.Error(), "try again") {
		t.Fatalf("got %v, want ErrBusy saying to try again", err)
	}
	if d := time.Since(t0); d < 300*time.Millisecond || d > 5*time.Second {
		t.Errorf("gave up after %v, want about the write wait (300 ms)", d)
	}
	tx.Rollback()
	if got, _ := b.Spans(ctx, id, "gui"); len(got) != 0 {
		t.Errorf("a failed write stored %d spans", len(got))
	}
	if err := b.AddSpan(ctx, &sp); err != nil {
		t.Errorf("once the lock is free: %v", err)
	}
}

// nthStretch returns the i-th stretch [start, end) of a text of n code
// points, all those of width 1 first, then of width 2, and so on: a
// different one for each i < n(n+1)/2, and always inside the text.
func nthStretch(i, n int) (start, end int) {
	for w := 1; w < n; w++ {
		if i < n-w+1 {
			return i, i + w
		}
		i -= n - w + 1
	}
	return 0, n
}
