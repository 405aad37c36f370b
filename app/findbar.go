package app

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/annotate"
)

// findBar finds text in the open article (Ctrl+F): every match is
// highlighted, Enter and the arrows step through them (the current one is
// selected, so a label key labels it), and "Label all" gives every match
// the chosen label as one undoable step, after asking when it adds more
// than labelAllAsk spans. Matches are whole words unless "Whole word" is
// off, and ignore case unless "Match case" is on; both toggles and the
// label are remembered (the app's preferences).
type findBar struct {
	u         *UI
	entry     *saveEntry
	count     *widget.Label
	matchCase *escCheck
	wholeWord *escCheck
	label     *escSelect
	all       *escButton
	obj       *fyne.Container
	matches   [][2]int
	cur       int
	bounds    []bool // word boundaries of the open article, made when first needed

	searched string    // the query matches were found for
	debounce *debounce // a search after typing stops
}

// searchDelay is how long after the last keystroke the find bar searches.
const searchDelay = 150 * time.Millisecond

func newFindBar(u *UI) *findBar {
	f := &findBar{u: u, cur: -1}
	f.debounce = newDebounce(u, searchDelay, func() {
		if f.visible() {
			f.search()
		}
	})
	f.entry = &saveEntry{onShortcut: u.shortcut, onEscape: f.hide}
	f.entry.ExtendBaseWidget(f.entry)
	f.entry.SetPlaceHolder("Find in article")
	f.entry.OnChanged = func(string) { f.queryChanged() }
	f.entry.OnSubmitted = func(string) { f.step(1) }
	f.count = widget.NewLabel("")
	prev := newEscButton("", theme.MoveUpIcon(), func() { f.step(-1) }, f.hide)
	next := newEscButton("", theme.MoveDownIcon(), func() { f.step(1) }, f.hide)
	f.label = &escSelect{onEscape: f.hide}
	f.label.ExtendBaseWidget(f.label)
	f.all = newEscButton("Label all", nil, f.labelAll, f.hide)
	closeB := newEscButton("", theme.CancelIcon(), f.hide, f.hide)
	closeB.Importance = widget.LowImportance
	prefs := u.app.Preferences()
	f.matchCase = newEscCheck("Match case", prefs.Bool(prefFindCase), func(on bool) {
		prefs.SetBool(prefFindCase, on)
		f.articleChanged()
	}, f.hide)
	f.wholeWord = newEscCheck("Whole word", prefs.BoolWithFallback(prefFindWord, true), func(on bool) {
		prefs.SetBool(prefFindWord, on)
		f.articleChanged()
	}, f.hide)
	f.label.OnChanged = func(name string) {
		if name != "" {
			prefs.SetString(prefFindLabel, name)
		}
	}
	top := container.NewBorder(nil, nil, nil, container.NewHBox(f.count, prev, next, closeB), f.entry)
	f.obj = container.NewVBox(top, container.NewHBox(f.matchCase, f.wholeWord, layout.NewSpacer(), f.label, f.all))
	f.obj.Hide()
	return f
}

// Preference keys of the find bar.
const (
	prefFindCase  = "findMatchCase"
	prefFindWord  = "findWholeWord"
	prefFindLabel = "findLabel"
)

// labelAllAsk is how many spans Label all adds without asking first.
const labelAllAsk = 20

func (f *findBar) setSchema(s *annotate.Schema) {
	var names []string
	for _, l := range s.Labels {
		names = append(names, l.Name)
	}
	f.label.SetOptions(names)
	last := f.u.app.Preferences().String(prefFindLabel)
	if s.Label(last) != nil {
		f.label.SetSelected(last)
	} else if len(names) > 0 {
		f.label.SetSelected(names[0])
	}
}

// show opens the bar (Ctrl+F) with the selection as the query, if any.
func (f *findBar) show() {
	if start, end, ok := f.u.selection(); ok && end-start < 200 {
		f.entry.SetText(f.u.ix.Slice(start, end))
	}
	f.obj.Show()
	f.u.win.Canvas().Focus(f.entry)
	f.search()
}

func (f *findBar) hide() {
	f.stopDebounce()
	f.obj.Hide()
	f.matches, f.cur = nil, -1
	f.u.view.SetHighlights(nil)
	f.u.win.Canvas().Focus(f.u.view)
}

func (f *findBar) visible() bool { return f.obj.Visible() }

// articleChanged searches the newly opened article.
func (f *findBar) articleChanged() {
	f.bounds = nil
	if f.visible() {
		f.search()
	} else {
		f.u.view.SetHighlights(nil)
	}
}

// queryChanged searches once typing stops for searchDelay: a search
// scans the whole article.
func (f *findBar) queryChanged() { f.debounce.start() }

func (f *findBar) stopDebounce() { f.debounce.stop() }

// search finds every match of the query in the text the view shows, as
// the toggles say.
func (f *findBar) search() {
	f.stopDebounce()
	f.searched = f.entry.Text
	f.matches, f.cur = f.find(f.entry.Text), -1
	f.u.view.SetHighlights(f.matches)
	f.showCount()
}

// find returns the matches of q in the open article: whole words (the
// word boundaries of selection snapping) unless "Whole word" is off, and
// never part of a grapheme cluster.
func (f *findBar) find(q string) [][2]int {
	m := f.u.view.m
	if f.u.art == nil || q == "" {
		return nil
	}
	boundary := m.isBoundary
	if f.wholeWord.Checked {
		if f.bounds == nil {
			f.bounds = wordBounds(m.text)
		}
		boundary = func(cp int) bool { return cp < len(f.bounds) && f.bounds[cp] && m.isBoundary(cp) }
	}
	return findMatches(m.text, []rune(q), f.matchCase.Checked, boundary)
}

// fresh searches now when the query changed since the last search (a
// step or Label all right after typing).
func (f *findBar) fresh() {
	if f.entry.Text != f.searched {
		f.search()
	}
}

func (f *findBar) showCount() {
	switch {
	case f.entry.Text == "":
		f.count.SetText("")
	case len(f.matches) == 0:
		f.count.SetText("no match")
	case f.cur < 0:
		f.count.SetText(fmt.Sprintf("%d matches", len(f.matches)))
	default:
		f.count.SetText(fmt.Sprintf("%d of %d", f.cur+1, len(f.matches)))
	}
}

// step selects the next (+1) or previous (-1) match and scrolls to it.
// Like a pick in the span list, it drops the pick in the form and the
// view alike.
func (f *findBar) step(dir int) {
	f.fresh()
	if len(f.matches) == 0 {
		return
	}
	f.cur = (f.cur + dir + len(f.matches)) % len(f.matches)
	m := f.matches[f.cur]
	f.u.pick(0)
	f.u.view.PickSpan(0)
	f.u.view.SetSelection(m[0], m[1]) // scrolls to it
	f.u.form.refresh()
	f.showCount()
}

// labelAll labels every match not yet labelled so, as one step.
func (f *findBar) labelAll() {
	f.fresh()
	u := f.u
	name := f.label.Selected
	if u.art == nil || name == "" || len(f.matches) == 0 {
		return
	}
	have := map[[2]int]bool{}
	for _, sp := range u.spans {
		if sp.Label == name {
			have[[2]int{sp.Start, sp.End}] = true
		}
	}
	var add []annotate.Span
	for _, m := range f.matches {
		if !have[m] {
			add = append(add, annotate.Span{ArticleID: u.art.ID, Start: m[0], End: m[1], Label: name, Annotator: u.annotator})
		}
	}
	if len(add) == 0 {
		u.bar.hint(fmt.Sprintf("Every match is already labelled %s.", name))
		return
	}
	if len(add) <= labelAllAsk {
		f.add(add, name)
		return
	}
	art := u.art.ID
	u.askUndoable(dialog.NewConfirm("Label all",
		fmt.Sprintf("Add %d %s spans, one for each match of “%s” not labelled so?\nCtrl+Z takes them all back.", len(add), name, clip(f.searched, 40)),
		func(ok bool) {
			if ok && u.art != nil && u.art.ID == art {
				f.add(add, name)
			}
		}, u.win))
}

// add adds the spans of Label all as one step.
func (f *findBar) add(add []annotate.Span, name string) {
	u := f.u
	u.form.flush()
	var added []annotate.Span
	u.edit("label all matches", func(ctx context.Context, h *History) (err error) {
		added, err = h.AddSpans(ctx, add)
		return err
	}, func(err error) {
		if err != nil {
			return
		}
		msg := fmt.Sprintf("Labelled %s %s (Ctrl+Z takes them all back).", matchCount(len(add)), name)
		if n := f.overlapping(added); n > 0 {
			msg = fmt.Sprintf("⚠ Labelled %s %s; %d of them overlap a span of that label (marked ⚠ in the list; Ctrl+Z takes them all back).", matchCount(len(add)), name, n)
		}
		u.bar.hint(msg)
	})
}

// escButton, escCheck and escSelect are the find bar's button, toggles
// and select, which
// close the bar on Esc like its entry does (a focused widget gets the key,
// not the window).
type escButton struct {
	widget.Button
	onEscape func()
}

func newEscButton(text string, icon fyne.Resource, tapped, esc func()) *escButton {
	b := &escButton{onEscape: esc}
	b.Text, b.Icon, b.OnTapped = text, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

func (b *escButton) TypedKey(k *fyne.KeyEvent) { escKey(k, b.onEscape, b.Button.TypedKey) }

type escCheck struct {
	widget.Check
	onEscape func()
	onEnter  func() // when set, Enter calls it
}

func newEscCheck(text string, on bool, changed func(bool), esc func()) *escCheck {
	c := &escCheck{onEscape: esc}
	c.Text, c.Checked = text, on
	c.ExtendBaseWidget(c)
	c.OnChanged = changed
	return c
}

func (c *escCheck) TypedKey(k *fyne.KeyEvent) {
	if (k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter) && c.onEnter != nil {
		c.onEnter()
		return
	}
	escKey(k, c.onEscape, c.Check.TypedKey)
}

type escSelect struct {
	widget.Select
	onEscape func()
}

func (s *escSelect) TypedKey(k *fyne.KeyEvent) { escKey(k, s.onEscape, s.Select.TypedKey) }

// escKey calls esc for Esc and passes any other key on.
func escKey(k *fyne.KeyEvent, esc func(), pass func(*fyne.KeyEvent)) {
	if k.Name == fyne.KeyEscape {
		esc()
		return
	}
	pass(k)
}

// overlapping counts the spans of sp that overlap another of their label.
func (f *findBar) overlapping(sp []annotate.Span) int {
	if f.u.art == nil {
		return 0
	}
	flagged := f.u.sameLabelOverlaps()
	n := 0
	for _, s := range sp {
		if _, ok := flagged[s.ID]; ok {
			n++
		}
	}
	return n
}

// matchCount is "1 match" or "N matches".
func matchCount(n int) string {
	if n == 1 {
		return "1 match"
	}
	return fmt.Sprintf("%d matches", n)
}
