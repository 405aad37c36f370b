package app

import (
	"fmt"
	"image/color"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// spanList is the right panel's lower half: the open article's spans in
// text order (colour chip, label, text, attributes). A click picks the span
// and scrolls the view to it. It is a virtualised list, so an article with
// ten thousand spans costs a few rows. A span that overlaps another of
// its label starts with ⚠ and ends with what it overlaps.
type spanList struct {
	u        *UI
	header   *widget.Label
	list     *widget.List
	obj      fyne.CanvasObject
	quiet    bool // selecting a row from code: do not act on it
	selected int  // the row selected, -1 for none

	overlaps map[int64]int64 // see UI.sameLabelOverlaps; nil until a row needs it after a change
}

func newSpanList(u *UI) *spanList {
	s := &spanList{u: u, selected: -1}
	s.header = widget.NewLabelWithStyle("Spans", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.list = widget.NewList(
		func() int { return len(u.order) },
		func() fyne.CanvasObject {
			chip := canvas.NewRectangle(color.Transparent)
			chip.SetMinSize(fyne.NewSize(12, 12))
			chip.CornerRadius = 3
			text := widget.NewLabel("LABEL text")
			text.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, container.NewCenter(chip), nil, text)
		},
		s.updateRow)
	s.list.OnSelected = func(i widget.ListItemID) {
		if s.quiet || i >= len(u.order) {
			return
		}
		s.selected = i
		u.pickAndShow(u.order[i])
	}
	s.obj = container.NewBorder(s.header, nil, nil, nil, s.list)
	return s
}

func (s *spanList) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(s.u.order) {
		return
	}
	sp := s.u.spans[s.u.order[i]]
	box := o.(*fyne.Container)
	text := box.Objects[0].(*widget.Label)
	chip := box.Objects[1].(*fyne.Container).Objects[0].(*canvas.Rectangle)
	if c := s.u.colors[sp.Label]; chip.FillColor != c {
		chip.FillColor = c
		chip.Refresh()
	}
	line := fmt.Sprintf("%s  “%s”", sp.Label, clip(s.u.ix.Slice(sp.Start, sp.End), 60))
	var extra []string
	if s.overlaps == nil {
		s.overlaps = s.u.sameLabelOverlaps()
	}
	if o, ok := s.overlaps[sp.ID]; ok {
		line = "⚠ " + line
		extra = append(extra, s.u.overlapText(sp, s.u.spans[o]))
	}
	keys := make([]string, 0, len(sp.Attrs))
	for k := range sp.Attrs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		extra = append(extra, k+"="+sp.Attrs[k])
	}
	if sp.Canonical != "" {
		extra = append(extra, "= "+sp.Canonical)
	}
	if sp.Note != "" {
		extra = append(extra, "note")
	}
	if n := s.u.rel.count(sp.ID); n > 0 {
		extra = append(extra, relationsText(n))
	}
	if len(extra) > 0 {
		line += "  · " + strings.Join(extra, " · ")
	}
	setText(text, line)
}

// setText changes a label's text only when it differs: measuring text is
// what a refresh costs.
func setText(l *widget.Label, s string) {
	if l.Text != s {
		l.SetText(s)
	}
}

// refresh shows the spans after a change.
func (s *spanList) refresh() {
	s.overlaps = nil
	setText(s.header, fmt.Sprintf("Spans (%d)", len(s.u.order)))
	if !s.showPicked() {
		s.list.Refresh()
	}
}

// showPicked selects the picked span's row, or none; it reports whether
// the list was refreshed by that.
func (s *spanList) showPicked() bool {
	s.quiet = true
	defer func() { s.quiet = false }()
	want := -1
	if s.u.picked != 0 {
		for i, id := range s.u.order {
			if id == s.u.picked {
				want = i
				break
			}
		}
	}
	if want == s.selected {
		return false
	}
	s.selected = want
	if want < 0 {
		s.list.UnselectAll()
	} else {
		s.list.Select(want) // refreshes and scrolls the row into view
	}
	return true
}
