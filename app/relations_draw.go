package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"

	"github.com/tagdesk/tagdesk/annotate"
)

// Drawing a relation, with keys alone or the mouse: R (or Edit → Add
// relation) starts one from the chosen span; then a click on the other
// span, or Tab / Shift+Tab through the spans in view and Enter; then the
// type's key, or a click in the short list of the types allowed between
// the two labels (Up/Down and Enter go through it too). With one type
// allowed it is applied at once. Esc cancels at any step. The status bar
// says what the step wants.

type drawStep int

const (
	drawNone drawStep = iota
	drawTail          // pick the other span
	drawType          // pick the type
)

type drawState struct {
	step  drawStep
	head  int64
	tail  int64 // the span Tab is on (drawTail), the other span (drawType)
	types []annotate.RelationType
	at    int // the type Up/Down is on
}

// relationRune is the window's first look at a typed character: R starts
// a relation, a type key picks the type being drawn or retypes the chosen
// relation. It reports whether it took the character.
func (u *UI) relationRune(ch rune) bool {
	r := u.rel
	if r == nil || !r.enabled() {
		return false
	}
	if ch == 'r' || ch == 'R' {
		if r.draw.step == drawNone {
			u.startRelation()
		}
		return true
	}
	switch {
	case r.draw.step == drawTail:
		u.bar.hint("Pick the other span first (Tab, Enter, or a click) — Esc cancels.")
		r.stepHint()
		return true
	case r.draw.step == drawType:
		if t := typeByKey(r.draw.types, ch); t != nil {
			r.apply(t.Name)
		} else {
			r.stepHint()
		}
		return true
	case ch == ']':
		r.step(1)
		return true
	case ch == '[':
		r.step(-1)
		return true
	case r.chosen != 0:
		rel := r.rels[r.chosen]
		types := u.schema.RelationsBetween(u.spans[rel.Head].Label, u.spans[rel.Tail].Label)
		if t := typeByKey(types, ch); t != nil {
			r.setType(t.Name)
			return true
		}
	}
	return false
}

func typeByKey(types []annotate.RelationType, ch rune) *annotate.RelationType {
	k := strings.ToLower(string(ch))
	for i := range types {
		if types[i].Key != "" && types[i].Key == k {
			return &types[i]
		}
	}
	return nil
}

// startRelation starts drawing a relation from the chosen span.
func (u *UI) startRelation() {
	r := u.rel
	if r == nil || !r.enabled() || u.covered() {
		return
	}
	u.form.flush()
	if s, e, sel := u.selection(); sel {
		for k := range u.adding {
			if k.article == u.art.ID && k.start == s && k.end == e {
				r.afterAdd = k // the label just typed is still being saved
				return
			}
		}
	}
	sp, ok := u.pickedSpan()
	if !ok {
		u.bar.hint("Choose a span first (click it, or label a selection), then R draws a relation from it.")
		return
	}
	if len(u.schema.Relations) == 0 {
		u.bar.hint("The label schema has no relation types: add [[relations]] to it (tagdesk schema --set).")
		return
	}
	if len(u.spans) < 2 {
		u.bar.hint("A relation joins two spans: label another span first.")
		return
	}
	r.chosen = 0
	u.view.ChooseRelation(0)
	r.draw = drawState{step: drawTail, head: sp.ID}
	u.view.SetTabKeys(true)
	u.win.Canvas().Focus(u.view)
	r.stepHint()
	r.panel.refresh()
}

// stepHint says what the step being drawn wants, until the step ends.
func (r *relations) stepHint() {
	u := r.u
	var msg string
	switch r.draw.step {
	case drawTail:
		msg = fmt.Sprintf("Relation from “%s”: pick the other span (Tab, Enter) — Esc cancels", r.spanText(r.draw.head, 24))
		if r.draw.tail != 0 {
			msg = fmt.Sprintf("To “%s”? Enter picks it, Tab goes on — Esc cancels", r.spanText(r.draw.tail, 24))
		}
	case drawType:
		var keys []string
		for _, t := range r.draw.types {
			if t.Key != "" {
				keys = append(keys, t.Key+" "+t.Name)
			} else {
				keys = append(keys, t.Name)
			}
		}
		msg = fmt.Sprintf("Type: %s (or ↑↓ Enter) — Esc cancels; “%s” → “%s”",
			strings.Join(keys, ", "), r.spanText(r.draw.head, 24), r.spanText(r.draw.tail, 24))
	default:
		return
	}
	u.bar.steady(msg) // it stays while the step does
}

// cancelDraw ends drawing without a relation; msg (when not "") says why.
func (r *relations) cancelDraw(msg string) {
	if r.draw.step == drawNone {
		return
	}
	r.draw = drawState{}
	r.u.view.SetTabKeys(false)
	r.u.view.SetPreviewRelation(nil)
	r.u.bar.hint(msg)
	r.panel.refresh()
}

// key is the view's first look at a key (OnRelationKey): the keys of the
// step being drawn, then those of the chosen relation.
func (r *relations) key(k fyne.KeyName) bool {
	u := r.u
	if u.covered() {
		return false
	}
	switch r.draw.step {
	case drawTail:
		switch k {
		case fyne.KeyEscape:
			r.cancelDraw("No relation drawn.")
		case fyne.KeyTab:
			dir := 1
			if u.view.shiftKey {
				dir = -1
			}
			r.cycle(dir)
		case fyne.KeyReturn, fyne.KeyEnter:
			if r.draw.tail != 0 {
				r.pickTail(r.draw.tail)
			}
		case fyne.KeyDelete, fyne.KeyBackspace:
		default:
			return false
		}
		return true
	case drawType:
		switch k {
		case fyne.KeyEscape:
			r.cancelDraw("No relation drawn.")
		case fyne.KeyUp, fyne.KeyDown, fyne.KeyTab:
			step := 1
			if k == fyne.KeyUp || (k == fyne.KeyTab && u.view.shiftKey) {
				step = -1
			}
			n := len(r.draw.types)
			r.draw.at = (r.draw.at + step + n) % n
			r.panel.refresh()
		case fyne.KeyReturn, fyne.KeyEnter:
			r.apply(r.draw.types[r.draw.at].Name)
		case fyne.KeyDelete, fyne.KeyBackspace:
		default:
			return false
		}
		return true
	}
	if r.chosen == 0 {
		return false
	}
	switch k {
	case fyne.KeyEscape:
		r.choose(0, false)
		u.bar.hint("")
	case fyne.KeyDelete, fyne.KeyBackspace:
		r.deleteChosen()
	case fyne.KeyReturn, fyne.KeyEnter:
		r.jump()
	default:
		return false
	}
	return true
}

// cycle moves the candidate to the next (dir 1) or previous span in view
// other than the head, and draws the arc it would get.
func (r *relations) cycle(dir int) {
	u := r.u
	var ids []int64
	for _, s := range u.view.SpansInView() {
		if s.ID != r.draw.head {
			ids = append(ids, s.ID)
		}
	}
	if len(ids) == 0 {
		u.bar.hint("No other span in view: scroll to it, or click it.")
		return
	}
	i := -1
	for k, id := range ids {
		if id == r.draw.tail {
			i = k
		}
	}
	switch {
	case i < 0 && dir > 0:
		i = r.firstAfterHead(ids)
	case i < 0:
		i = (r.firstAfterHead(ids) - 1 + len(ids)) % len(ids)
	default:
		i = (i + dir + len(ids)) % len(ids)
	}
	r.draw.tail = ids[i]
	r.preview()
	r.stepHint()
}

// firstAfterHead is the index in ids (spans in text order) of the first
// span that starts after the head, 0 if none does.
func (r *relations) firstAfterHead(ids []int64) int {
	head := r.u.spans[r.draw.head]
	for k, id := range ids {
		if r.u.less(r.draw.head, id) && r.u.spans[id].Start >= head.Start {
			return k
		}
	}
	return 0
}

// preview draws the arc being drawn, from the head to the candidate.
func (r *relations) preview() {
	h, okh := r.u.spans[r.draw.head]
	t, okt := r.u.spans[r.draw.tail]
	if !okh || !okt {
		r.u.view.SetPreviewRelation(nil)
		return
	}
	r.u.view.SetPreviewRelation(&ViewRelation{Head: h.ID, Tail: t.ID, HeadAt: [2]int{h.Start, h.End}, TailAt: [2]int{t.Start, t.End}, Label: "?"})
}

// tapSpan is a click on a span (id, 0 for none) while a relation is
// drawn: it picks the other span. It reports whether it took the click.
func (r *relations) tapSpan(id int64) bool {
	if r.draw.step == drawNone {
		return false
	}
	r.u.view.setPicked(r.draw.head) // the head stays outlined
	if r.draw.step == drawTail && id != 0 && id != r.draw.head {
		r.pickTail(id)
	}
	return true
}

// pickTail takes tail as the other span and goes on to the type: applied
// at once when one type is allowed, else listed.
func (r *relations) pickTail(tail int64) {
	u := r.u
	head, tl := u.spans[r.draw.head], u.spans[tail]
	types := u.schema.RelationsBetween(head.Label, tl.Label)
	r.draw.tail = tail
	r.preview()
	if len(types) == 0 {
		u.bar.hint(fmt.Sprintf("No relation type goes from %s to %s: pick another span (Tab, Enter) — Esc cancels.", head.Label, tl.Label))
		return
	}
	if len(types) == 1 {
		r.apply(types[0].Name)
		return
	}
	r.draw.step, r.draw.types, r.draw.at = drawType, types, 0
	r.stepHint()
	r.panel.refresh()
}

// apply stores the relation being drawn with the type label.
func (r *relations) apply(label string) {
	head, tail := r.draw.head, r.draw.tail
	r.draw = drawState{}
	r.u.view.SetTabKeys(false)
	r.u.view.SetPreviewRelation(nil)
	r.u.bar.hint("")
	r.panel.refresh()
	r.add(head, tail, label)
}

// jump scrolls to the chosen relation's end that is not the picked span.
func (r *relations) jump() {
	u := r.u
	rel := r.rels[r.chosen]
	to := rel.Tail
	if u.picked == rel.Tail {
		to = rel.Head
	}
	u.pick(to)
	u.view.setPicked(to)
	u.view.ScrollTo(u.spans[to].Start)
}

// step chooses the next (dir 1) or previous relation of the picked span
// in the panel's order (] and [).
func (r *relations) step(dir int) {
	u := r.u
	rels := r.panel.ordered(u.picked)
	if len(rels) == 0 {
		u.bar.hint("The chosen span has no relations: R draws one.")
		return
	}
	i := -1
	for k, rel := range rels {
		if rel.ID == r.chosen {
			i = k
		}
	}
	switch {
	case i < 0 && dir < 0:
		i = len(rels) - 1
	case i < 0:
		i = 0
	default:
		i = (i + dir + len(rels)) % len(rels)
	}
	r.choose(rels[i].ID, true)
}

// keyRows are the relation keys for the keyboard sheet; none for a store
// without relations.
func (r *relations) keyRows() [][2]string {
	if r.store() == nil {
		return nil
	}
	rows := [][2]string{
		{"R", "Draw a relation from the chosen span (Edit → Add relation)"},
		{"Tab, Shift+Tab, Enter", "… pick the other span among those in view (or click it)"},
	}
	for _, t := range r.u.schema.Relations {
		if t.Key != "" {
			rows = append(rows, [2]string{t.Key, fmt.Sprintf("… the type %s (%s → %s); retypes the chosen relation",
				t.Name, strings.Join(t.From, "|"), strings.Join(t.To, "|"))})
		}
	}
	return append(rows,
		[2]string{"Click an arc, ] and [", "Choose a relation (of the chosen span)"},
		[2]string{"Enter", "Go to the chosen relation's other end"},
		[2]string{"Delete", "Delete the chosen relation"},
		[2]string{"Ctrl+E", "Edit the chosen relation's note"},
		[2]string{"Escape", "Cancel drawing, or let the chosen relation go"},
	)
}
