package app

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
}

func newRelPanel(r *relations) *relPanel {
	p := &relPanel{r: r}
	u := r.u
	p.head = widget.NewLabelWithStyle("Relations", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
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
	p.list.RemoveAll()
	p.edit.Hide()
	if r.draw.step == drawType {
		setText(p.head, fmt.Sprintf("“%s” → “%s”:", r.spanText(r.draw.head, 16), r.spanText(r.draw.tail, 16)))
		for i, t := range r.draw.types {
			text := t.Name
			if t.Key != "" {
				text = t.Key + "  " + t.Name
			}
			name := t.Name
			b := widget.NewButton(text, func() { r.apply(name) })
			b.Alignment = widget.ButtonAlignLeading
			b.Importance = widget.LowImportance
			if i == r.draw.at {
				b.Importance = widget.HighImportance
			}
			p.list.Add(b)
		}
		p.obj.Show()
		return
	}
	rels := p.ordered(u.picked)
	setText(p.head, fmt.Sprintf("Relations (%d)", len(rels)))
	for _, rel := range rels {
		id := rel.ID
		b := widget.NewButton(p.entry(rel), func() { r.choose(id, true) })
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		if id == r.chosen {
			b.Importance = widget.HighImportance
		}
		p.list.Add(b)
	}
	p.fillEdit()
	p.obj.Show()
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
