package app

import (
	"context"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"github.com/tagdesk/tagdesk/annotate"
)

// reviewBenchStore holds the 100,000-word benchmark article labelled by
// three annotators, 10,000 spans each (30,000 in all): alice's are the
// article view benchmark's spans; bob's and carol's are hers changed in
// the ways cmd/gencorpus -three changes them, somewhat more often: one
// in twelve each left out, given a label drawn at random, or ended a
// code point earlier, each with its own seed.
func reviewBenchStore(b *testing.B) *memStore {
	m := newMemStore(benchText)
	labels := []string{"PERSON", "ORG", "MEASURE", "JURISDICTION"}
	var all []annotate.Span
	type owned struct {
		who string
		k   spanKey
	}
	seen := map[owned]bool{}
	for k, who := range []string{"alice", "bob", "carol"} {
		r := rand.New(rand.NewPCG(uint64(k), 9))
		for _, s := range benchSpans {
			sp := annotate.Span{ArticleID: 1, Start: s.Start, End: s.End, Label: s.Label, Annotator: who}
			if k > 0 {
				switch r.IntN(36) {
				case 0, 1, 2:
					continue
				case 3, 4, 5:
					sp.Label = labels[r.IntN(len(labels))]
				case 6, 7, 8:
					if sp.End-sp.Start > 2 {
						sp.End--
					}
				}
			}
			key := owned{who, keyOf(sp)}
			if seen[key] {
				continue
			}
			seen[key] = true
			all = append(all, sp)
		}
	}
	if err := m.AddSpans(context.Background(), all); err != nil {
		b.Fatal(err)
	}
	return m
}

// BenchmarkReviewOpen: start the review of the 100,000-word article with
// three annotators' 30,000 spans, in a new window (cold: a new app, its
// caches empty) that shows the article as alice: the article reopened as
// gold, the three annotators' spans read off the UI goroutine, compared,
// and the lanes drawn (cpu-ms/op: the CPU time of that, on both cores).
// The agreed spans' acceptance is written after
// that, on the writer, and shown when it is saved (accept-ms). Target:
// ≤ 100 ms.
func BenchmarkReviewOpen(b *testing.B) {
	m := reviewBenchStore(b)
	var tm, acc timer
	var dis int
	var cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		m.mu.Lock()
		for id, sp := range m.spans {
			if sp.Annotator == "gold" {
				delete(m.spans, id)
			}
		}
		m.mu.Unlock()
		u := newTestUIWith(b, m, Options{Version: "test", Annotator: "alice", Poll: -1})
		a := loop(u)
		b.StartTimer()
		tm.begin()
		cpu0 := cpuTime()
		if err := u.StartReview([]string{"alice", "bob", "carol"}, "gold"); err != nil {
			b.Fatal(err)
		}
		acc.begin()
		a.WaitFor(b, "the lanes", func() bool { return u.ReviewOpen() >= 0 })
		tm.end()
		cpu += cpuTime() - cpu0
		a.WaitFor(b, "the agreed spans", func() bool { return !u.Saving() && len(u.spans) > 0 })
		acc.end()
		b.StopTimer()
		dis = len(u.rv.m.dis)
		checkDrawn(b, u.view)
		closeTestUI(u)
		b.StartTimer()
	}
	tm.report(b, false)
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(acc.total.Microseconds())/1000/float64(b.N), "accept-ms")
	b.ReportMetric(float64(dis), "disagreements")
}

// cpuTime is the CPU time the process has used (all threads, user and
// system): on a loaded machine the wall time also counts the time other
// processes had the cores, the CPU time does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkReviewStep: N, the next disagreement: scroll to it, mark it
// and say what it is. Target: ≤ 16 ms.
func BenchmarkReviewStep(b *testing.B) {
	m := reviewBenchStore(b)
	u := newTestUIWith(b, m, Options{Version: "test", Annotator: "alice", Poll: -1, Review: []string{"alice", "bob", "carol"}})
	a := loop(u)
	a.WaitFor(b, "the lanes", func() bool { return u.ReviewOpen() >= 0 })
	a.WaitFor(b, "the agreed spans", func() bool { return !u.Saving() })
	var tm timer
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tm.begin()
		u.typedRune('n')
		tm.end()
	}
	tm.report(b, true)
	checkDrawn(b, u.view)
}
