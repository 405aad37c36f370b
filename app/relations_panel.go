package app

import (
	"fmt"
	"image/color"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/annotate"
)

// relPanel is the side panel's part for relations, under the chosen
// span's name, above its fields: its relations (`→ targets “Wang Junzheng”`, `←
// imposed_by “froze the assets”`, ⚠ for one the schema no longer
// allows), each a button that chooses it; the chosen relation's type,
// note and Delete; and, while a relation is drawn, the types to pick
// from.
type relPanel struct {
	r      *relations
	head   *widget.Label
	list   *fyne.Container
	edit   *fyne.Container
	kind   *widget.Select
	note   *saveEntry
	del    *widget.Button
	obj    *fyne.Container
	filled bool // the type and note show the chosen relation (no saving)
	shown  int64
	lines  []string // the list's entries as shown, the chosen one marked
}

func newRelPanel(r *relations) *relPanel {
	p := &relPanel{r: r}
	u := r.u
	p.head = widget.NewLabelWithStyle("Relations", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.head.Wrapping = fyne.TextWrapWord
	p.list = container.NewVBox()
	p.kind = widget.NewSelect(nil, func(s string) {
		if !p.filled {
			r.setType(s)
		}
	})
	p.note = &saveEntry{onShortcut: u.shortcut, onEscape: func() {
		p.saveNote()
		u.win.Canvas().Focus(u.view)
	}}
	p.note.ExtendBaseWidget(p.note)
	p.note.SetPlaceHolder("note on the relation")
	p.note.OnSubmitted = func(string) { p.saveNote() }
	p.note.onFocusLost = p.saveNote
	p.del = widget.NewButtonWithIcon("Delete relation", theme.DeleteIcon(), func() { r.deleteChosen() })
	p.edit = container.NewVBox(container.NewBorder(nil, nil, widget.NewLabel("type"), nil, p.kind),
		container.NewBorder(nil, nil, widget.NewLabel("note"), nil, p.note), p.del)
	p.obj = container.NewVBox(p.head, p.list, p.edit, widget.NewSeparator())
	p.obj.Hide()
	return p
}

func (p *relPanel) saveNote() {
	if !p.filled && p.shown != 0 {
		p.r.setNote(p.shown, p.note.Text)
	}
}

// refresh shows the picked span's relations, or the types while one is
// drawn; nothing for a store without relations or without a span.
func (p *relPanel) refresh() {
	r, u := p.r, p.r.u
	if r.store() == nil || u.picked == 0 {
		p.obj.Hide()
		return
	}
	p.edit.Hide()
	var entries []*relEntry
	if r.draw.step == drawType {
		setText(p.head, fmt.Sprintf("“%s” → “%s”:", r.spanText(r.draw.head, 16), r.spanText(r.draw.tail, 16)))
		for i, t := range r.draw.types {
			text := t.Name
			if t.Key != "" {
				text = t.Key + "  " + t.Name
			}
			name := t.Name
			entries = append(entries, newRelEntry(text, i == r.draw.at, func() { r.apply(name) }))
		}
		defer p.scrollIntoView()
	} else {
		rels := p.ordered(u.picked)
		setText(p.head, fmt.Sprintf("Relations (%d)", len(rels)))
		if r.draw.step == drawTail {
			setText(p.head, "New relation: click the other span, or Tab to it and Enter; Esc cancels")
		}
		for _, rel := range rels {
			id := rel.ID
			entries = append(entries, newRelEntry(p.entry(rel), id == r.chosen, func() { r.choose(id, true) }))
		}
		p.fillEdit()
	}
	p.show(entries)
	p.obj.Show()
}

// show puts entries in the list unless it shows the same already (the
// form refreshes at every change of the selection).
func (p *relPanel) show(entries []*relEntry) {
	lines := make([]string, len(entries))
	for i, e := range entries {
		lines[i] = fmt.Sprint(e.chosen, e.label.Text)
	}
	if slices.Equal(lines, p.lines) && len(p.list.Objects) == len(entries) {
		for i, e := range entries { // the same lines: only their actions are new
			p.list.Objects[i].(*relEntry).onTap = e.onTap
		}
		return
	}
	p.lines = lines
	objs := make([]fyne.CanvasObject, len(entries))
	for i, e := range entries {
		objs[i] = e
	}
	p.list.Objects = objs
	p.list.Refresh()
}

// other is the end of rel that is not the picked span.
func (p *relPanel) other(rel annotate.Relation) int64 {
	if rel.Head == p.r.u.picked {
		return rel.Tail
	}
	return rel.Head
}

// entry is a relation as the list shows it, from the picked span.
func (p *relPanel) entry(rel annotate.Relation) string {
	r := p.r
	s := fmt.Sprintf("← %s “%s”", rel.Label, r.spanText(rel.Head, 24))
	if rel.Head == r.u.picked {
		s = fmt.Sprintf("→ %s “%s”", rel.Label, r.spanText(rel.Tail, 24))
	}
	if !r.valid(rel) {
		s = "⚠ " + s
	}
	if rel.Note != "" {
		s += " · " + clip(rel.Note, 16)
	}
	return s
}

// fillEdit shows the chosen relation's type and note.
func (p *relPanel) fillEdit() {
	r, u := p.r, p.r.u
	rel, ok := r.rels[r.chosen]
	if !ok {
		p.shown = 0
		return
	}
	p.filled = true
	defer func() { p.filled = false }()
	var names []string
	for _, t := range u.schema.RelationsBetween(u.spans[rel.Head].Label, u.spans[rel.Tail].Label) {
		names = append(names, t.Name)
	}
	if !slices.Contains(names, rel.Label) {
		names = append(names, rel.Label)
	}
	p.kind.Options = names
	p.kind.SetSelected(rel.Label)
	if rel.ID != p.shown || !p.noteFocused() {
		p.note.SetText(rel.Note)
	}
	p.shown = rel.ID
	p.edit.Show()
}

func (p *relPanel) noteFocused() bool {
	return p.r.u.win.Canvas().Focused() == fyne.Focusable(p.note)
}

// ordered returns span id's relations in the list's order: by where
// their other end starts.
func (p *relPanel) ordered(id int64) []annotate.Relation {
	u := p.r.u
	rels := p.r.ofSpan(id)
	other := func(rel annotate.Relation) int64 {
		if rel.Head == id {
			return rel.Tail
		}
		return rel.Head
	}
	slices.SortStableFunc(rels, func(a, b annotate.Relation) int {
		return u.spans[other(a)].Start - u.spans[other(b)].Start
	})
	return rels
}

// relEntry is a line of the panel's list: its text cut with an ellipsis
// to the panel's width, on the selection colour when it is the chosen
// one; a tap acts.
type relEntry struct {
	widget.BaseWidget
	label  *widget.Label
	chosen bool
	onTap  func()
}

func newRelEntry(text string, chosen bool, onTap func()) *relEntry {
	e := &relEntry{label: widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: chosen}), chosen: chosen, onTap: onTap}
	e.label.Truncation = fyne.TextTruncateEllipsis
	e.ExtendBaseWidget(e)
	return e
}

func (e *relEntry) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(color.Transparent)
	if e.chosen {
		bg.FillColor = e.Theme().Color(theme.ColorNameSelection, fyne.CurrentApp().Settings().ThemeVariant())
		bg.CornerRadius = theme.InputRadiusSize()
	}
	return widget.NewSimpleRenderer(container.NewStack(bg, e.label))
}

// Tapped implements fyne.Tappable.
func (e *relEntry) Tapped(*fyne.PointEvent) { e.onTap() }

// Cursor shows that the entry can be clicked.
func (e *relEntry) Cursor() desktop.Cursor { return desktop.PointerCursor }

// scrollIntoView scrolls the form's fields so that the panel shows (a
// small window shows only the top of them).
func (p *relPanel) scrollIntoView() {
	form, ok := p.r.u.form.obj.(*fyne.Container)
	if !ok || len(form.Objects) < 2 {
		return
	}
	sc, ok := form.Objects[1].(*container.Scroll)
	if !ok {
		return
	}
	y := p.obj.Position().Y + p.r.u.form.spanBox.Position().Y
	if y < sc.Offset.Y || y+p.obj.MinSize().Height > sc.Offset.Y+sc.Size().Height {
		sc.ScrollToOffset(fyne.NewPos(0, y))
	}
}

// chosenHint says what the chosen relation rel is and what keys do.
func (r *relations) chosenHint(rel annotate.Relation) {
	r.u.bar.hint(r.describe(rel) + " — a type key changes it, Delete removes it, Enter goes to its other end, Esc lets go.")
}

// describe says `imposed_by: “froze the assets” → “Canada”`.
func (r *relations) describe(rel annotate.Relation) string {
	return fmt.Sprintf("%s: “%s” → “%s”", rel.Label, r.spanText(rel.Head, 30), r.spanText(rel.Tail, 30))
}

func (r *relations) spanText(id int64, n int) string {
	sp, ok := r.u.spans[id]
	if !ok || r.u.ix == nil {
		return "?"
	}
	return clip(r.u.ix.Slice(sp.Start, sp.End), n)
}
