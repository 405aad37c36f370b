package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"

	"github.com/tagdesk/tagdesk/annotate"
)

// The review (Review → Review article…, or --review on the command
// line): the curator compares two or more annotators' work and decides
// each disagreement into an annotator of their own, "gold" unless named
// otherwise, which is then exported and measured like anyone's.
//
// While it runs the window works as the curator: the article view shows
// the curator's spans, edited with the usual tools, and under each line
// one lane per reviewed annotator (review_lanes.go). What every
// annotator agrees on is added to the curator's spans when an article
// they have not worked on opens (one undoable step; Review → Accept agreed spans at once turns it
// off). N and Shift+N walk the disagreements; 1…n take annotator n's
// version, B all of them, X none, each one undoable step that also moves
// on to the next open disagreement. Relations are reviewed the same way
// (review_rel.go): agreed ones are accepted with the agreed spans, and
// relation disagreements are walked after the span disagreements. A
// disagreement is decided once a decision took it (kept in the store
// when it has annotate.ReviewStore, so that one decided with X stays
// decided), or the curator has a span of their own there (a relation
// between the same ends; an edit by hand); when every one is, the
// curator's status of the article becomes done.
//
// The annotators' spans are read off the UI goroutine when an article
// opens; every change goes through the article's History on the
// window's writer, as all edits do.

// DefaultCurator is the annotator name a review's result gets unless
// another is given.
const DefaultCurator = "gold"

const prefAcceptAgreed = "review.acceptAgreed" // "" (on) or "off"

// review is the state of the review of the open article.
type review struct {
	u        *UI
	on       bool
	names    []string // the annotators reviewed, in lane order
	gold     string   // the curator's annotator name
	prev     string   // the annotator before the review
	m        *reviewModel
	art      int64                     // the article m is of
	load     int                       // counts loads: a late answer for an earlier one is dropped
	fetching int64                     // the article the newest load reads, 0 when none runs
	cur      int                       // the disagreement walked to, -1 if none
	goldIn   []int                     // per disagreement: the curator's spans there that are not agreed ones
	goldRels map[relEnds]bool          // the ends of the curator's relations
	marks    map[int64]map[string]bool // per article: the decision keys marked decided
	bar      *reviewBar
	picker   *reviewPicker // the review dialog last shown
}

func newReview(u *UI) *review {
	r := &review{u: u, cur: -1, marks: map[int64]map[string]bool{}}
	r.bar = newReviewBar(r)
	return r
}

// acceptAgreed reports whether agreed spans are accepted at once.
func (r *review) acceptAgreed() bool {
	return r.u.app.Preferences().String(prefAcceptAgreed) != "off"
}

// StartReview reviews the annotators' work (two or more), deciding into
// the annotator curator ("" is DefaultCurator).
func (u *UI) StartReview(annotators []string, curator string) error {
	r := u.rv
	curator = strings.TrimSpace(curator)
	if curator == "" {
		curator = DefaultCurator
	}
	var names []string
	seen := map[string]bool{}
	for _, a := range annotators {
		if a = strings.TrimSpace(a); a != "" && !seen[a] {
			seen[a] = true
			names = append(names, a)
		}
	}
	switch {
	case len(names) < 2:
		return fmt.Errorf("%w: a review needs two annotators or more", annotate.ErrInvalid)
	case seen[curator]:
		return fmt.Errorf("%w: the review's result %q cannot be one of the annotators reviewed", annotate.ErrInvalid, curator)
	}
	if !r.on {
		r.prev = u.annotator
	}
	r.on, r.names, r.gold = true, names, curator
	r.m, r.cur = nil, -1
	if u.art != nil {
		// Read the lanes while the article opens again as the curator's.
		r.fetch(u.art.ID)
	}
	r.bar.show()
	if u.annotator != curator {
		u.switchAnnotator(curator) // opens the article again: articleOpened loads it
	} else {
		r.articleOpened()
	}
	u.menus.reviewChanged()
	return nil
}

// startReview starts the review asked for on the command line; if it
// cannot start, the window asks who works in it as without one.
func (u *UI) startReview(annotators []string, curator string) {
	if err := u.StartReview(annotators, curator); err != nil {
		u.alert(err)
		if u.annotator == "" {
			u.askAnnotator(false)
		}
	}
}

// leave ends the review without going back to the annotator before it
// (another one is chosen).
func (r *review) leave() {
	if r.on {
		r.prev = ""
		r.u.EndReview()
	}
}

// EndReview leaves the review and returns to the annotator before it.
func (u *UI) EndReview() {
	r := u.rv
	if !r.on {
		return
	}
	r.on, r.m, r.cur = false, nil, -1
	r.load++
	r.fetching = 0
	r.bar.hide()
	u.view.SetLanes(nil)
	if r.prev != "" {
		u.switchAnnotator(r.prev)
	}
	u.menus.reviewChanged()
}

// Reviewing reports whether a review runs, and of whom.
func (u *UI) Reviewing() (annotators []string, curator string, ok bool) {
	return u.rv.names, u.rv.gold, u.rv.on
}

// articleOpened shows the open article's lanes, empty until its
// reviewed annotators' spans are read (off the UI goroutine).
func (r *review) articleOpened() {
	u := r.u
	if !r.on {
		return
	}
	r.m, r.cur, r.goldIn = nil, -1, nil
	u.view.SetLanes(reviewLanes{r})
	r.bar.refresh()
	switch {
	case u.art == nil:
		r.load++
		r.fetching = 0
	case r.fetching != u.art.ID: // StartReview may have started it already
		r.fetch(u.art.ID)
	}
}

// fetch starts reading article id's reviewed annotators' spans and
// comparing them, off the UI goroutine; loaded shows the result.
func (r *review) fetch(id int64) {
	u := r.u
	r.load++
	r.fetching = 0
	names, gold, store, load := r.names, r.gold, u.store, r.load
	if !u.life.enter() {
		return
	}
	r.fetching = id
	go func() {
		defer u.life.leave()
		spans := make([][]annotate.Span, len(names))
		rels := make([][]annotate.Relation, len(names))
		absent := make([]bool, len(names))
		relStore, _ := store.(annotate.RelationStore)
		var err error
		var kept []string
		for i, a := range names {
			if spans[i], err = store.Spans(u.ctx, id, a); err != nil {
				break
			}
			if relStore != nil {
				if rels[i], err = relStore.Relations(u.ctx, id, a); err != nil {
					break
				}
			}
			var st annotate.Status
			if st, err = store.Status(u.ctx, id, a); err != nil {
				break
			}
			absent[i] = st == annotate.StatusTodo && len(spans[i]) == 0
		}
		if rs, ok := store.(annotate.ReviewStore); ok && err == nil {
			kept, err = rs.ReviewDecisions(u.ctx, id, gold)
		}
		var m *reviewModel
		if err == nil {
			m = buildReview(names, spans)
			m.absent = absent
			m.addRelations(spans, rels)
			m.makeKeys()
		}
		fyne.Do(func() { r.loaded(id, load, m, kept, err) })
	}()
}

// loaded shows the model of article id read by load number load, with
// the keys of the curator's decisions the store keeps.
func (r *review) loaded(id int64, load int, m *reviewModel, kept []string, err error) {
	u := r.u
	if load == r.load {
		r.fetching = 0
	}
	if u.closed || !r.on || load != r.load || u.art == nil || u.art.ID != id {
		return
	}
	if err != nil {
		u.showError("read the reviewed annotators' spans", err)
		return
	}
	r.m, r.art = m, id
	for _, k := range kept {
		r.mark(k, true)
	}
	if u.status == annotate.StatusDone { // decided in an earlier session
		for i := range m.items() {
			r.mark(m.itemKey(i), true)
		}
	}
	r.recount()
	// Only into an article the curator has not worked on: what they took
	// out later stays out when it opens again.
	fresh := u.status == annotate.StatusTodo || u.status == annotate.StatusInProgress && len(u.spans) == 0
	if r.acceptAgreed() && fresh {
		r.accept()
	}
	u.view.redrawAll()
	r.bar.refresh()
	r.checkDone()
}

// accept adds the agreed spans the curator lacks, as one step.
func (r *review) accept() {
	u := r.u
	have := map[spanTriple]bool{}
	for _, sp := range u.spans {
		have[tripleOf(sp)] = true
	}
	var add []annotate.Span
	for _, sp := range r.m.agreed {
		if !have[tripleOf(sp)] {
			sp.ArticleID, sp.Annotator, sp.Text = u.art.ID, r.gold, ""
			add = append(add, sp)
		}
	}
	rels := r.agreedRelations(add)
	if len(add) == 0 && len(rels) == 0 {
		return
	}
	what := fmt.Sprintf("accept %d agreed spans", len(add))
	if len(rels) > 0 {
		what += fmt.Sprintf(" and %d relations", len(rels))
	}
	id, gold := u.art.ID, r.gold
	u.edit(what, func(ctx context.Context, h *History) error {
		return h.Accept(ctx, what, id, gold, add, rels)
	}, nil)
	accepted := spanCount(len(add))
	if len(rels) > 0 {
		accepted += fmt.Sprintf(" and %d relation", len(rels))
		if len(rels) > 1 {
			accepted += "s"
		}
	}
	them := "them"
	if len(add)+len(rels) == 1 {
		them = "it"
	}
	u.bar.hint(fmt.Sprintf("Accepted %s every annotator agrees on (Ctrl+Z takes %s back).", accepted, them))
}

// recount counts the curator's own spans in each disagreement.
func (r *review) recount() {
	if r.m == nil {
		return
	}
	spans := make([]annotate.Span, 0, len(r.u.spans))
	for _, sp := range r.u.spans {
		spans = append(spans, sp)
	}
	r.goldIn = r.m.counts(spans)
	r.goldRels = r.curatorEnds()
}

// mark marks the disagreement of decision key key decided (on) or not.
func (r *review) mark(key string, on bool) {
	ms := r.marks[r.art]
	if ms == nil {
		ms = map[string]bool{}
		r.marks[r.art] = ms
	}
	if on {
		ms[key] = true
	} else {
		delete(ms, key)
	}
}

// decided reports whether item i (a span disagreement, or after them a
// relation disagreement) is decided: marked, or the curator has spans
// of their own there, or a relation between the same ends.
func (r *review) decided(i int) bool {
	if r.marks[r.art][r.m.itemKey(i)] {
		return true
	}
	if j := i - len(r.m.dis); j >= 0 {
		return r.goldRels[r.m.rdis[j].ends]
	}
	return i < len(r.goldIn) && r.goldIn[i] > 0
}

// open counts the disagreements not decided, leaving out skip.
func (r *review) open(skip int) int {
	n := 0
	for i := range r.m.items() {
		if i != skip && !r.decided(i) {
			n++
		}
	}
	return n
}

// ReviewMarked mirrors a decision's mark (or its undo).
func (u *UI) ReviewMarked(articleID int64, key string, decided bool) {
	r := u.rv
	if r.m == nil || articleID != r.art {
		return
	}
	r.mark(key, decided)
	for i := range r.m.dis {
		if d := &r.m.dis[i]; spanDisKey(d) == key {
			u.view.redraw(d.Start, d.End)
		}
	}
	r.bar.refresh()
}

// spansChanged follows a change of the curator's spans.
func (r *review) spansChanged() {
	if !r.on || r.m == nil {
		return
	}
	r.recount()
	r.u.view.redrawAll()
	r.bar.refresh()
	r.checkDone()
}

// checkDone marks the article done for the curator once every
// disagreement is decided and nothing is being saved, unless a reviewed
// annotator has not labelled the article (then the curator says done).
func (r *review) checkDone() {
	u := r.u
	if r.m == nil || u.pending > 0 || u.status == annotate.StatusDone || u.status == annotate.StatusSkipped || r.open(-1) > 0 || r.m.someAbsent() {
		return
	}
	u.setStatus(annotate.StatusDone, nil)
	u.bar.hint("Every disagreement is decided: " + r.gold + "'s work on this article is done.")
}

// ReviewOpen returns how many disagreements of the open article are not
// decided, -1 while no review shows one (for tests and benchmarks).
func (u *UI) ReviewOpen() int {
	if !u.rv.on || u.rv.m == nil {
		return -1
	}
	return u.rv.open(-1)
}

// ReviewPicker reports whether the review dialog is open (for tests).
func (u *UI) ReviewPicker() any {
	if p := u.rv.picker; p != nil && u.covered() {
		return p
	}
	return nil
}
