package app

import (
	"context"
	"slices"
	"strconv"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/suggest"
)

// suggestUI is the window's part of suggestions: what waits in the open
// article for the annotator, one per proposed span (article, start, end,
// label) whichever sources proposed it. A store that keeps no suggestions
// (annotate.SuggestionStore) shows none, and the keys do nothing.
//
// Keys: N / Shift+N go to the next / previous suggestion; Enter accepts
// it as the annotator's span, a label key accepts it under that label;
// X rejects it, Shift+X every suggestion of the same text and label in
// the article; A accepts every suggestion of the same text and label in
// the article, Shift+A everywhere in the corpus, once confirmed with a
// count. Each is one undoable step; a decision is stored, so a rejected
// suggestion does not come back.
type suggestUI struct {
	text  *suggest.Text         // the open article's words, for matching
	items []annotate.Suggestion // sorted, one per key
	local []annotate.Suggestion // proposed in this window by labels just made (not stored)
	cur   int                   // index in items; -1: none
	// early holds, by provisional span id, the labels drawn before their
	// commit came back and what they proposed meanwhile (suggestEarly).
	early map[int64]earlyLabel
}

func (u *UI) suggestionStore() annotate.SuggestionStore {
	ss, _ := u.store.(annotate.SuggestionStore)
	return ss
}

// loadSuggestions reads the open article's suggestions (when it opens).
func (u *UI) loadSuggestions() {
	u.sugg = suggestUI{cur: -1}
	if u.art != nil && u.suggestionStore() != nil && len(u.art.Text) <= maxPropagate {
		u.sugg.text = suggest.NewText(u.art.Text)
		u.sugg.local = capLocal(u.corpusMatches())
	}
	u.refreshSuggestions()
}

// refreshSuggestions reads the stored suggestions again, adds those
// proposed in this window, leaves out those that overlap a span of the
// annotator's of the same label, and shows them; the current one stays
// current when it is still there.
func (u *UI) refreshSuggestions() {
	ss := u.suggestionStore()
	if ss == nil || u.art == nil {
		u.sugg.items, u.sugg.cur = nil, -1
		u.showSuggestions()
		return
	}
	stored, err := ss.Suggestions(u.ctx, u.art.ID, u.annotator)
	if err != nil {
		u.showError("read the article's suggestions", err)
		return
	}
	if len(u.sugg.local) > 0 { // proposed here: leave out those decided
		decided, err := ss.Decisions(u.ctx, u.art.ID, u.annotator)
		if err != nil {
			u.showError("read the article's suggestions", err)
			return
		}
		u.sugg.local = slices.DeleteFunc(u.sugg.local, func(s annotate.Suggestion) bool { return decided[s.Key()] != "" })
	}
	u.setItems(append(stored, u.sugg.local...))
}

// setItems shows sugs less those under a span of the annotator's of the
// same label, one per key; the current one stays current when it is
// still there, else the next one after it is.
func (u *UI) setItems(sugs []annotate.Suggestion) {
	if len(sugs) == 0 && len(u.sugg.items) == 0 {
		return // nothing shown, nothing to show
	}
	var cur annotate.SuggestionKey
	hadCur := u.sugg.cur >= 0 && u.sugg.cur < len(u.sugg.items)
	if hadCur {
		cur = u.sugg.items[u.sugg.cur].Key()
	}
	// The annotator's spans of the suggestions' labels: only those can
	// hide one (and copying every span of a long article costs a frame).
	var labels []string
	for _, s := range sugs {
		if !slices.Contains(labels, s.Label) {
			labels = append(labels, s.Label)
		}
	}
	var own []annotate.Span
	for _, sp := range u.spans {
		if slices.Contains(labels, sp.Label) {
			own = append(own, sp)
		}
	}
	for _, e := range u.sugg.early {
		own = append(own, e.span)
	}
	all := annotate.PendingSuggestions(sugs, own)
	all = slices.CompactFunc(all, func(a, b annotate.Suggestion) bool { return a.Key() == b.Key() })
	same := slices.Equal(all, u.sugg.items)
	u.sugg.items, u.sugg.cur = all, -1
	if hadCur {
		for i, s := range all {
			if s.Key() == cur || s.Start >= cur.Start && u.sugg.cur < 0 {
				u.sugg.cur = i
				if s.Key() == cur {
					break
				}
			}
		}
	}
	if same && u.sugg.cur >= 0 && u.sugg.items[u.sugg.cur].Key() == cur {
		return // the view shows them already
	}
	u.showSuggestions()
}

// maxPropagate is the longest article (in bytes) label propagation runs
// on in the window: a news article is a few KB; in a book-length text
// matching every label against every word would cost each label more
// than a frame. `tagdesk suggest --corpus` covers such texts.
const maxPropagate = 256 << 10

// maxLocal bounds the suggestions label propagation shows in one article:
// past a few thousand a person does not go through them one by one (an
// article where nearly every word was labelled somewhere would otherwise
// propose every word), and each label would cost more than a frame.
const maxLocal = 2000

// capLocal keeps the first maxLocal of sugs in text order.
func capLocal(sugs []annotate.Suggestion) []annotate.Suggestion {
	if len(sugs) <= maxLocal {
		return sugs
	}
	slices.SortFunc(sugs, annotate.CompareSuggestions)
	return sugs[:maxLocal]
}

// addSuggestions adds sugs proposed in this window (label propagation),
// less those the annotator has decided on and those proposed already, to
// what shows, and returns the keys it added.
func (u *UI) addSuggestions(sugs []annotate.Suggestion) []annotate.SuggestionKey {
	ss := u.suggestionStore()
	var added []annotate.SuggestionKey
	if len(sugs) > 0 && ss != nil {
		decided, err := ss.Decisions(u.ctx, u.art.ID, u.annotator)
		if err != nil {
			u.showError("read the article's suggestions", err)
			return nil
		}
		have := make(map[annotate.SuggestionKey]bool, len(u.sugg.local))
		for _, s := range u.sugg.local {
			have[s.Key()] = true
		}
		sugs = slices.DeleteFunc(sugs, func(s annotate.Suggestion) bool { return decided[s.Key()] != "" || have[s.Key()] })
		if room := maxLocal - len(u.sugg.local); len(sugs) > room {
			sugs = capLocal(sugs)[:max(room, 0)]
		}
		u.sugg.local = append(u.sugg.local, sugs...)
		for _, s := range sugs {
			added = append(added, s.Key())
		}
	}
	u.setItems(append(slices.Clone(u.sugg.items), sugs...))
	return added
}

func (u *UI) showSuggestions() {
	vs := make([]ViewSpan, len(u.sugg.items))
	for i, s := range u.sugg.items {
		vs[i] = ViewSpan{Start: s.Start, End: s.End, Label: s.Label}
	}
	u.view.SetSuggestions(vs, u.sugg.cur)
	u.bar.refresh()
}

// suggestionsText is the status bar's count of waiting suggestions.
func (u *UI) suggestionsText() string {
	switch n := len(u.sugg.items); n {
	case 0:
		return ""
	case 1:
		return " · 1 suggestion (N)"
	default:
		return " · " + strconv.Itoa(n) + " suggestions (N)"
	}
}

// SuggestionsDecided drops decided suggestions, or shows them again when
// an undo forgot the decision.
func (u *UI) SuggestionsDecided(sugs []annotate.Suggestion, decided bool) {
	if u.art == nil {
		return
	}
	keys := map[annotate.SuggestionKey]bool{}
	var back []annotate.Suggestion
	for _, s := range sugs {
		if s.ArticleID == u.art.ID {
			keys[s.Key()] = true
			back = append(back, s)
		}
	}
	drop := func(x annotate.Suggestion) bool { return keys[x.Key()] }
	u.sugg.local = slices.DeleteFunc(u.sugg.local, drop)
	items := slices.DeleteFunc(slices.Clone(u.sugg.items), drop)
	if !decided {
		u.sugg.local = append(u.sugg.local, back...)
		items = append(items, back...)
	}
	u.setItems(items)
}

// suggestAfterSpan proposes, once the annotator has labelled spans, the
// same text everywhere else in the article with the same label and
// canonical value (label propagation, source "corpus"), and hides the
// suggestions the spans now cover.
func (u *UI) suggestAfterSpan(spans ...annotate.Span) {
	if u.suggestionStore() == nil || u.art == nil {
		return
	}
	u.addSuggestions(u.propagate(spans, true))
}

// propagate matches spans' texts in the open article; with corpus, each
// also joins the corpus-wide label propagation (suggest_corpus.go).
func (u *UI) propagate(spans []annotate.Span, corpus bool) []annotate.Suggestion {
	var b suggest.Builder
	for _, sp := range spans {
		if sp.ArticleID == u.art.ID {
			text := u.ix.Slice(sp.Start, sp.End)
			b.AddPhrase(annotate.SourceCorpus, suggest.Phrase{Text: text, Label: sp.Label, Canonical: sp.Canonical})
			if corpus {
				u.corpusLabelled(text, sp)
			}
		}
	}
	if b.Len() == 0 {
		return nil
	}
	m, _ := b.Build()
	return u.matchArticle(m)
}

// suggestRune handles the suggestion keys; it reports whether r was one.
func (u *UI) suggestRune(r rune) bool {
	if u.suggestionStore() == nil || u.art == nil {
		return false
	}
	switch r {
	case 'n':
		u.stepSuggestion(1)
	case 'N':
		u.stepSuggestion(-1)
	case 'x':
		u.decideCurrent(annotate.Rejected, "", false)
	case 'X':
		u.decideCurrent(annotate.Rejected, "", true)
	case 'a':
		u.decideCurrent(annotate.Accepted, "", true)
	case 'A':
		u.decideEverywhere(annotate.Accepted)
	default:
		return false
	}
	return true
}

// stepSuggestion makes the next (dir 1) or previous (-1) suggestion
// current, from the current one or else from the caret, and scrolls to it.
func (u *UI) stepSuggestion(dir int) {
	items := u.sugg.items
	if len(items) == 0 {
		u.bar.hint("No suggestions wait in this article.")
		return
	}
	i := u.sugg.cur
	switch {
	case i >= 0:
		i = ((i+dir)%len(items) + len(items)) % len(items)
	case dir > 0: // the first at or after the caret
		caret, _ := u.view.Selection()
		i = 0
		for i < len(items) && items[i].Start < caret {
			i++
		}
		i %= len(items)
	default: // the last before the caret
		caret, _ := u.view.Selection()
		i = len(items) - 1
		for i > 0 && items[i].Start >= caret {
			i--
		}
	}
	u.pick(0)
	u.view.PickSpan(0)
	u.sugg.cur = i
	s := items[i]
	u.view.ScrollTo(s.Start)
	u.showSuggestions()
	u.bar.hint(s.Label + "? " + clip(u.ix.Slice(s.Start, s.End), 50) + "  (" + s.Source + ": Enter accepts, X rejects)")
}

// currentSuggestion returns the current suggestion.
func (u *UI) currentSuggestion() (annotate.Suggestion, bool) {
	if u.sugg.cur < 0 || u.sugg.cur >= len(u.sugg.items) {
		return annotate.Suggestion{}, false
	}
	return u.sugg.items[u.sugg.cur], true
}

// acceptSuggestion accepts the current suggestion (Enter), under label
// when not empty (a label key): it reports whether there was one.
func (u *UI) acceptSuggestion(label string) bool {
	if _, ok := u.currentSuggestion(); !ok || u.suggestionStore() == nil {
		return false
	}
	if s, e, sel := u.selection(); sel && s < e {
		return false // a selection is labelled, not the suggestion
	}
	if _, picked := u.pickedSpan(); picked {
		return false // the picked span is relabelled
	}
	u.decideCurrent(annotate.Accepted, label, false)
	return true
}

// decideCurrent decides on the current suggestion, or with same on every
// suggestion of its text and label in the article. Accepting under
// another label rejects the suggestion and labels its text so.
func (u *UI) decideCurrent(d annotate.Decision, label string, same bool) {
	cur, ok := u.currentSuggestion()
	if !ok {
		u.bar.hint("N goes to the next suggestion first.")
		return
	}
	sugs := []annotate.Suggestion{cur}
	if same {
		text := u.ix.Slice(cur.Start, cur.End)
		sugs = sugs[:0]
		for _, s := range u.sugg.items {
			if s.Label == cur.Label && u.ix.Slice(s.Start, s.End) == text {
				sugs = append(sugs, s)
			}
		}
	}
	var spans []annotate.Span
	if d == annotate.Accepted {
		if label != "" && label != cur.Label {
			d = annotate.Rejected
		}
		for _, s := range sugs {
			sp := s.Span(u.annotator)
			if label != "" {
				sp.Label = label
				if label != s.Label {
					sp.Canonical = ""
				}
			}
			spans = append(spans, sp)
		}
	}
	ss, who := u.suggestionStore(), u.annotator
	step := (&decideSuggestions{d: d, sugs: sugs}).String()
	u.edit(step, func(ctx context.Context, h *History) error {
		return h.DecideSuggestions(ctx, ss, who, d, sugs, spans)
	}, func(err error) {
		if err == nil {
			u.bar.hint(step + ": Ctrl+Z undoes it; N goes on.")
		}
	})
}

// suggestKeyRows are the suggestion keys for the keyboard sheet; none for
// a store without suggestions.
func (u *UI) suggestKeyRows() [][2]string {
	if u.suggestionStore() == nil {
		return nil
	}
	return [][2]string{
		{"N, Shift+N", "Next / previous suggestion (in a review: disagreement)"},
		{"Enter, a label key", "Accept the suggestion as your span"},
		{"X", "Reject the suggestion; it does not come back"},
		{"A, Shift+X", "Accept / reject every suggestion of its text and label in the article"},
		{"Shift+A", "Accept it across the corpus (after a count); Ctrl+Shift+X rejects it there"},
	}
}
