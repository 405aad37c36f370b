package app

import (
	"context"
	"fmt"
	"time"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/annotate"
)

// findBar finds text in the open article (Ctrl+F): every match is
// highlighted, Enter and the arrows step through them (the current one is
// selected, so a label key labels it), and "Label all" gives every match
// the chosen label as one undoable step.
type findBar struct {
	u       *UI
	entry   *saveEntry
	count   *widget.Label
	label   *escSelect
	all     *escButton
	obj     *fyne.Container
	matches [][2]int
	cur     int

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
	right := container.NewHBox(f.count, prev, next, f.label, f.all, closeB)
	f.obj = container.NewBorder(nil, nil, nil, right, f.entry)
	f.obj.Hide()
	return f
}

func (f *findBar) setSchema(s *annotate.Schema) {
	var names []string
	for _, l := range s.Labels {
		names = append(names, l.Name)
	}
	f.label.SetOptions(names)
	if len(names) > 0 {
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

// search finds every match of the query, ignoring case, in the text the
// view shows.
func (f *findBar) search() {
	f.stopDebounce()
	f.searched = f.entry.Text
	f.matches, f.cur = f.u.view.find([]rune(f.entry.Text)), -1
	f.u.view.SetHighlights(f.matches)
	f.showCount()
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
	u.form.flush()
	u.edit("label all matches", func(ctx context.Context, h *History) error {
		_, err := h.AddSpans(ctx, add)
		return err
	}, func(err error) {
		if err == nil {
			u.bar.hint(fmt.Sprintf("Labelled %d match(es) %s (Ctrl+Z takes them all back).", len(add), name))
		}
	})
}

// findAll returns the code point ranges where q occurs in text, ignoring
// case, without overlaps. A match must start and end where boundary says
// (a grapheme cluster boundary, so that "e" does not match half of "é"
// written as e + U+0301); nil allows any code point.
func findAll(text string, q []rune, boundary func(cp int) bool) [][2]int {
	if len(q) == 0 {
		return nil
	}
	var out [][2]int
	for i, cp := 0, 0; i < len(text); cp++ {
		if n, ok := matchAt(text[i:], q); ok && (boundary == nil || boundary(cp) && boundary(cp+len(q))) {
			out = append(out, [2]int{cp, cp + len(q)})
			i, cp = i+n, cp+len(q)-1
			continue
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	return out
}

// matchAt reports whether s starts with q, ignoring case, and how many
// bytes of s that is.
func matchAt(s string, q []rune) (int, bool) {
	i := 0
	for _, r := range q {
		if i >= len(s) {
			return 0, false
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if !foldEq(c, r) {
			return 0, false
		}
		i += size
	}
	return i, true
}

func foldEq(a, b rune) bool {
	return a == b || unicode.ToLower(a) == unicode.ToLower(b)
}

// escButton and escSelect are the find bar's button and select, which
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

func (b *escButton) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		b.onEscape()
		return
	}
	b.Button.TypedKey(k)
}

type escSelect struct {
	widget.Select
	onEscape func()
}

func (s *escSelect) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		s.onEscape()
		return
	}
	s.Select.TypedKey(k)
}
