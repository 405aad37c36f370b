package storage_test

import (
	"bufio"
	"database/sql"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage"
)

// The crash test: a child process edits spans and statuses through the
// methods the window calls (AddSpan, UpdateSpan, DeleteSpan, SetStatus),
// printing "begin N op args" before each call and "committed N ..." when
// it returns. The parent kills it with SIGKILL at a random moment, then
// checks that the database passes integrity_check and holds exactly the
// changes reported as committed, plus possibly the one in flight, whole:
// never half of one.
//
// Each change is several writes in one transaction: an add inserts the
// span and moves the status from todo to in_progress (the child often sets
// todo first, so that the pair happens), an edit changes the note and the
// canonical name together (both become the same new token).

const crashChildEnv = "TAGDESK_CRASH_CHILD"

const (
	crashArticles  = 4
	crashAnnotator = "crash"
)

var crashLabels = []string{"PERSON", "ORG", "MEASURE", "JURISDICTION"}

func crashText(a int) string {
	return strings.Repeat(fmt.Sprintf("Article %d: Canada froze the assets of a person. ", a), 4)
}

func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashChildEnv)
	if path == "" {
		t.Skip("run by TestCrash")
	}
	fail := func(err error) {
		fmt.Println("error", err)
		os.Exit(3)
	}
	seed, _ := strconv.ParseInt(os.Getenv("TAGDESK_CRASH_SEED"), 10, 64)
	rng := rand.New(rand.NewSource(seed))
	db, err := storage.Open(path)
	if err != nil {
		fail(err)
	}
	// What is there now, as the window would read it.
	ids := map[int64]bool{} // article ids
	type key struct {
		a          int64
		start, end int
		label      string
	}
	spans := map[int64]key{}
	used := map[key]bool{}
	list, err := db.ListArticles(ctx, annotate.ArticleFilter{})
	if err != nil {
		fail(err)
	}
	var arts []int64
	for _, s := range list {
		ids[s.ID] = true
		arts = append(arts, s.ID)
		sps, err := db.Spans(ctx, s.ID, crashAnnotator)
		if err != nil {
			fail(err)
		}
		for _, sp := range sps {
			k := key{s.ID, sp.Start, sp.End, sp.Label}
			spans[sp.ID], used[k] = k, true
		}
	}
	fmt.Println("ready")
	for n := 0; ; n++ {
		tok := fmt.Sprintf("s%d-%d", seed, n)
		switch op := rng.Intn(10); {
		case op < 4 || len(spans) == 0:
			a := arts[rng.Intn(len(arts))]
			tlen := len([]rune(crashText(0)))
			var k key
			for {
				s := rng.Intn(tlen - 10)
				k = key{a, s, s + 1 + rng.Intn(9), crashLabels[rng.Intn(len(crashLabels))]}
				if !used[k] {
					break
				}
			}
			fmt.Printf("begin %d add %d %d %d %s %s\n", n, k.a, k.start, k.end, k.label, tok)
			sp := annotate.Span{ArticleID: a, Annotator: crashAnnotator, Start: k.start, End: k.end, Label: k.label, Note: tok, Canonical: tok}
			if err := db.AddSpan(ctx, &sp); err != nil {
				fail(err)
			}
			fmt.Printf("committed %d add %d\n", n, sp.ID)
			spans[sp.ID], used[k] = k, true
		case op < 6:
			id := anyKey(rng, spans)
			k := spans[id]
			fmt.Printf("begin %d update %d %s\n", n, id, tok)
			sp := annotate.Span{ID: id, Start: k.start, End: k.end, Label: k.label, Note: tok, Canonical: tok}
			if err := db.UpdateSpan(ctx, &sp); err != nil {
				fail(err)
			}
			fmt.Printf("committed %d\n", n)
		case op < 8:
			id := anyKey(rng, spans)
			fmt.Printf("begin %d delete %d\n", n, id)
			if err := db.DeleteSpan(ctx, id); err != nil {
				fail(err)
			}
			fmt.Printf("committed %d\n", n)
			delete(used, spans[id])
			delete(spans, id)
		default:
			a := arts[rng.Intn(len(arts))]
			st := annotate.StatusTodo // half the time, so that the next add flips it
			if rng.Intn(2) == 0 {
				st = annotate.Statuses[rng.Intn(len(annotate.Statuses))]
			}
			fmt.Printf("begin %d status %d %s\n", n, a, st)
			if err := db.SetStatus(ctx, a, crashAnnotator, st); err != nil {
				fail(err)
			}
			fmt.Printf("committed %d\n", n)
		}
	}
}

func anyKey[V any](rng *rand.Rand, m map[int64]V) int64 {
	keys := make([]int64, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	return keys[rng.Intn(len(keys))]
}

// crashState is what the crash test compares: the crash annotator's spans
// by id and statuses by article.
type crashState struct {
	spans  map[int64]crashSpan
	status map[int64]annotate.Status
}

type crashSpan struct {
	article    int64
	start, end int
	label      string
	note, can  string
}

func (s crashState) clone() crashState {
	c := crashState{spans: map[int64]crashSpan{}, status: map[int64]annotate.Status{}}
	for k, v := range s.spans {
		c.spans[k] = v
	}
	for k, v := range s.status {
		c.status[k] = v
	}
	return c
}

// String ignores span ids: an add in flight has none yet.
func (s crashState) String() string {
	var lines []string
	for _, sp := range s.spans {
		lines = append(lines, fmt.Sprintf("span %d [%d,%d) %s note=%s canonical=%s", sp.article, sp.start, sp.end, sp.label, sp.note, sp.can))
	}
	for a, st := range s.status {
		if st != annotate.StatusTodo {
			lines = append(lines, fmt.Sprintf("status %d %s", a, st))
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// apply changes s as the child's op line (after "begin N ") says; id is the
// new span's id for an add (any unused number when unknown).
func (s crashState) apply(t *testing.T, op string, id int64) {
	f := strings.Fields(op)
	num := func(i int) int64 {
		n, err := strconv.ParseInt(f[i], 10, 64)
		if err != nil {
			t.Fatalf("bad op %q", op)
		}
		return n
	}
	switch f[0] {
	case "add":
		a := num(1)
		s.spans[id] = crashSpan{a, int(num(2)), int(num(3)), f[4], f[5], f[5]}
		if st, ok := s.status[a]; !ok || st == annotate.StatusTodo {
			s.status[a] = annotate.StatusInProgress
		}
	case "update":
		sp := s.spans[num(1)]
		sp.note, sp.can = f[2], f[2]
		s.spans[num(1)] = sp
	case "delete":
		delete(s.spans, num(1))
	case "status":
		s.status[num(1)] = annotate.Status(f[2])
	default:
		t.Fatalf("bad op %q", op)
	}
}

func readCrashState(t *testing.T, path string) crashState {
	t.Helper()
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := crashState{spans: map[int64]crashSpan{}, status: map[int64]annotate.Status{}}
	list, err := db.ListArticles(ctx, annotate.ArticleFilter{Annotator: crashAnnotator})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		s.status[a.ID] = a.Status
		sps, err := db.Spans(ctx, a.ID, crashAnnotator)
		if err != nil {
			t.Fatal(err)
		}
		for _, sp := range sps {
			s.spans[sp.ID] = crashSpan{a.ID, sp.Start, sp.End, sp.Label, sp.Note, sp.Canonical}
		}
	}
	return s
}

func integrityCheck(t *testing.T, path string) {
	t.Helper()
	raw, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var res string
	if err := raw.QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity_check: %q %v", res, err)
	}
}

func TestCrash(t *testing.T) {
	kills := 100
	if testing.Short() {
		kills = 50
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	db := mustOpenPath(t, path)
	tx, err := db.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for a := 0; a < crashArticles; a++ {
		if err := tx.Put(ctx, &annotate.Record{Article: annotate.Article{ExtID: fmt.Sprint("crash-", a), Text: crashText(a)}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	db.Close()

	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	prev := readCrashState(t, path)
	committed, inflightSeen, changedRuns := 0, 0, 0
	for run := 0; run < kills; run++ {
		cmd := exec.Command(os.Args[0], "-test.run", "^TestCrashChild$")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+path, fmt.Sprintf("TAGDESK_CRASH_SEED=%d", run))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// The kill lands after the child has reported a random number of
		// lines (begun or committed changes), while it goes on: most land
		// while it edits, some while it opens the database.
		killAfter := -1 // lines after "ready"; -1: at once
		if rng.Intn(8) != 0 {
			killAfter = rng.Intn(120)
		}
		lines := make(chan []string, 1)
		reached := make(chan struct{})
		go func() {
			var ls []string
			seen := -1
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				if sc.Text() == "ready" || seen >= 0 {
					seen++
				}
				if seen == killAfter && killAfter >= 0 {
					close(reached)
				}
				ls = append(ls, sc.Text())
			}
			lines <- ls
		}()
		if killAfter >= 0 {
			select {
			case <-reached:
			case <-time.After(10 * time.Second):
			}
		}
		cmd.Process.Kill() // SIGKILL
		ls := <-lines
		cmd.Wait()

		// Replay what it reported.
		want := prev.clone()
		var inflight string
		for _, l := range ls {
			switch {
			case strings.HasPrefix(l, "error"):
				t.Fatalf("run %d: child: %s", run, l)
			case strings.HasPrefix(l, "begin "):
				_, op, _ := strings.Cut(strings.TrimPrefix(l, "begin "), " ")
				inflight = op
			case strings.HasPrefix(l, "committed "):
				f := strings.Fields(l)
				id := int64(-1)
				if len(f) == 4 {
					id, _ = strconv.ParseInt(f[3], 10, 64)
				}
				want.apply(t, inflight, id)
				inflight = ""
				committed++
			}
		}
		integrityCheck(t, path)
		got := readCrashState(t, path)
		withInflight := want
		if inflight != "" {
			withInflight = want.clone()
			withInflight.apply(t, inflight, -2)
		}
		switch got.String() {
		case want.String():
		case withInflight.String():
			inflightSeen++
		default:
			t.Fatalf("run %d: after the kill the database holds neither the %d committed changes nor those and the one in flight (%q)\ngot:\n%s\nwant:\n%s",
				run, committed, inflight, got, want)
		}
		if got.String() != prev.String() {
			changedRuns++
		}
		prev = got
	}
	t.Logf("%d kills, %d changes reported committed, all there; %d kills left the change in flight committed, none half; %d runs changed something", kills, committed, inflightSeen, changedRuns)
	if committed < kills {
		t.Errorf("only %d changes committed in %d runs: the child hardly ran", committed, kills)
	}
}

func openRaw(t *testing.T, path string) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
