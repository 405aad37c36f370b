package app

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
)

// reviewKey handles a typed character during a review and reports whether
// it did: N and Shift+N walk, 1…n take a version when no text is
// selected (with a selection the digits label it, as always), B takes
// all versions, X none.
func (r *review) reviewKey(ch rune) bool {
	if !r.on {
		return false
	}
	switch ch {
	case 'n':
		r.step(1)
	case 'N':
		r.step(-1)
	case 'b', 'B':
		r.decide(choiceBoth)
	case 'x', 'X':
		r.decide(choiceNone)
	default:
		if ch < '1' || ch > '9' {
			return false
		}
		if s, e := r.u.view.Selection(); s < e || r.cur < 0 {
			return false
		}
		r.decide(int(ch - '1'))
	}
	return true
}

// step walks to the next (dir 1) or previous (-1) disagreement, round
// the end of the article.
func (r *review) step(dir int) {
	u := r.u
	if r.m == nil {
		u.bar.hint("The reviewed annotators' spans are still being read.")
		return
	}
	n := r.m.items()
	if n == 0 {
		u.bar.hint("The annotators agree on everything in this article.")
		return
	}
	i := r.cur
	switch {
	case i < 0 && dir > 0:
		i = r.m.after(u.view.topCP())
	case i < 0:
		i = r.m.after(u.view.topCP()) - 1
	default:
		i += dir
	}
	r.goTo(((i % n) + n) % n)
}

// goTo makes disagreement i the current one, scrolls to it (a
// relation's head) and says what it is.
func (r *review) goTo(i int) {
	at := r.itemStart(i)
	r.u.view.SetSelection(at, at)
	r.setCur(i)
}

// itemStart is where item i starts: a span disagreement's start, a
// relation disagreement's head's.
func (r *review) itemStart(i int) int {
	if i < len(r.m.dis) {
		return r.m.dis[i].Start
	}
	return r.m.rdis[i-len(r.m.dis)].ends.head.start
}

// setCur makes disagreement i the current one where it is.
func (r *review) setCur(i int) {
	u, v := r.u, r.u.view
	old := r.cur
	r.cur = i
	if old >= 0 && old < len(r.m.dis) {
		v.redraw(r.m.dis[old].Start, r.m.dis[old].End)
	}
	if i < len(r.m.dis) {
		v.redraw(r.m.dis[i].Start, r.m.dis[i].End)
	}
	u.bar.hint(r.describe(i))
	r.bar.refresh()
}

// selected follows the view's selection: a click (a caret, no range) in
// a disagreement's text or lanes makes it the one walked to, so that the
// keys and buttons decide it.
func (r *review) selected(start, end int) {
	if !r.on || r.m == nil || start != end {
		return
	}
	i := r.m.at(start)
	if i < 0 && start > 0 {
		i = r.m.at(start - 1) // the caret at its end
	}
	if i >= 0 && i != r.cur {
		r.setCur(i)
	}
}

// describe says what disagreement i is and what each annotator has there.
func (r *review) describe(i int) string {
	if i >= len(r.m.dis) {
		return r.describeRel(i)
	}
	d := r.m.dis[i]
	var b strings.Builder
	fmt.Fprintf(&b, "%d of %d: %s —", i+1, r.m.items(), d.Kind)
	for a, ver := range d.Versions {
		fmt.Fprintf(&b, " %d %s: ", a+1, r.names[a])
		if len(ver) == 0 {
			b.WriteString("nothing")
		}
		for k, sp := range ver {
			if k > 0 {
				b.WriteString(", ")
			}
			b.WriteString(spanSummary(r.u.ix, sp))
		}
		b.WriteString(";")
	}
	if r.decided(i) {
		b.WriteString(" (decided)")
	}
	return b.String()
}

// spanSummary is a span as a decision's hint shows it: label, text and
// attributes.
func spanSummary(ix *annotate.Index, sp annotate.Span) string {
	s := sp.Label
	if ix != nil && sp.End <= ix.Len() {
		t := ix.Slice(sp.Start, sp.End)
		if len([]rune(t)) > 30 {
			t = string([]rune(t)[:29]) + "…"
		}
		s += " “" + t + "”"
	}
	for _, k := range slices.Sorted(maps.Keys(sp.Attrs)) {
		s += " " + k + "=" + sp.Attrs[k]
	}
	if sp.Canonical != "" {
		s += " =" + sp.Canonical
	}
	return s
}

// decide applies a choice to the current disagreement as one undoable
// step and walks on to the next open one.
func (r *review) decide(choice int) {
	u := r.u
	if r.m == nil || r.cur < 0 || r.cur >= r.m.items() {
		u.bar.hint("N walks to the first disagreement; then 1…n, B or X decide it.")
		return
	}
	if choice >= len(r.names) {
		u.bar.hint(fmt.Sprintf("There are %d annotators in this review.", len(r.names)))
		return
	}
	i := r.cur
	if i >= len(r.m.dis) {
		r.decideRel(i, choice)
		return
	}
	d := r.m.dis[i]
	var remove []annotate.Span
	keep := map[spanTriple]bool{}
	for _, id := range u.order {
		sp, _ := u.current(id)
		t := tripleOf(sp)
		if sp.Start < d.End && d.Start < sp.End && !r.m.agreedSet[t] {
			remove = append(remove, sp)
			continue
		}
		keep[t] = true
	}
	var add []annotate.Span
	for _, sp := range r.m.decision(i, choice) {
		if !keep[tripleOf(sp)] {
			add = append(add, sp)
		}
	}
	finish := r.open(i) == 0 && u.status != annotate.StatusDone && !r.m.someAbsent()
	what := "take " + versionName(r.names, choice)
	id, gold, key := u.art.ID, r.gold, spanDisKey(&d)
	r.queueDecision(what, key, finish, choice, func(ctx context.Context, h *History) error {
		return h.Decide(ctx, what, id, gold, key, remove, add, finish)
	}, func() { u.view.redraw(d.Start, d.End) })
}

// queueDecision queues a decision's step (fn) on the writer, marks its
// disagreement (told by key) decided at once, so that the next decision
// counts it, and walks on to the next open one; redraw redraws where the
// mark shows.
func (r *review) queueDecision(what, key string, finish bool, choice int, fn func(context.Context, *History) error, redraw func()) {
	u := r.u
	id, gold := u.art.ID, r.gold
	wasMarked := r.marks[r.art][key]
	queued := u.edit(what, fn, func(err error) {
		if err != nil && !wasMarked && r.art == id {
			r.mark(key, false)
			redraw()
			r.bar.refresh()
		}
	})
	if !queued {
		return
	}
	r.mark(key, true)
	redraw()
	if finish {
		u.bar.hint("Took " + versionName(r.names, choice) + ". Every disagreement is decided: " + gold + "'s work on this article is done.")
		r.bar.refresh()
		return
	}
	r.nextOpen()
}

// nextOpen walks to the next disagreement not decided after the current one.
func (r *review) nextOpen() {
	n := r.m.items()
	for k := 1; k <= n; k++ {
		if i := (r.cur + k) % n; !r.decided(i) {
			r.goTo(i)
			return
		}
	}
	r.bar.refresh()
	if r.m.someAbsent() {
		r.u.bar.hint("Every disagreement is decided; not everyone reviewed has labelled this article, so Ctrl+Enter says when it is done.")
	}
}

// after returns the index of the first disagreement that ends after cp.
func (m *reviewModel) after(cp int) int {
	i, _ := m.within(cp, cp+1)
	return i
}
