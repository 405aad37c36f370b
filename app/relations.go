package app

import (
	"context"
	"fmt"
	"image/color"
	"slices"
	"sort"

	"github.com/tagdesk/tagdesk/annotate"
)

// Relations in the window: the open article's relations, drawn as arcs
// in the view (arcs.go) and listed for the chosen span in the side panel
// (relations_panel.go); drawing one (R, relations_draw.go); choosing,
// retyping and deleting one. Every change is a step of the article's
// History (relations_history.go) queued on the writer like every other
// edit. A store without annotate.RelationStore shows none of this.

// relations is the window's relation state, on the UI goroutine.
type relations struct {
	u      *UI
	rels   map[int64]annotate.Relation // the open article's, by current ID
	bySpan map[int64][]int64           // span ID → its relations' IDs, by ID
	chosen int64                       // the chosen relation, 0 if none
	draw   drawState
	// afterAdd is the label being saved that R was typed after: the
	// relation is drawn from its span once it is saved.
	afterAdd pendingAdd
	panel    *relPanel

	colors   map[string]color.Color // each type's, of the schema colorsOf
	colorsOf *annotate.Schema
}

func newRelations(u *UI) *relations {
	r := &relations{u: u}
	r.panel = newRelPanel(r)
	pick := u.view.OnPickSpan
	u.view.OnPickSpan = func(id int64) {
		if !r.tapSpan(id) {
			pick(id)
		}
	}
	u.view.OnPickRelation = func(id int64) { r.choose(id, false) }
	u.view.OnRelationKey = r.key
	return r
}

// store returns the store's RelationStore, nil when it has none.
func (r *relations) store() annotate.RelationStore {
	rs, _ := r.u.store.(annotate.RelationStore)
	return rs
}

// enabled reports whether the open article can have relations.
func (r *relations) enabled() bool { return r.store() != nil && r.u.art != nil }

// load shows the open article's relations, list, as UI.open read them
// (readOpen), or the error reading them.
func (r *relations) load(list []annotate.Relation, err error) {
	r.cancelDraw("")
	r.rels, r.bySpan, r.chosen = map[int64]annotate.Relation{}, map[int64][]int64{}, 0
	if r.store() == nil || r.u.art == nil {
		r.u.view.SetRelations(nil)
		r.panel.refresh()
		return
	}
	if err != nil {
		r.u.showError("read the article's relations", err)
	}
	vs := make([]ViewRelation, 0, len(list))
	for _, rel := range list { // by ID, so each span's list is sorted
		r.rels[rel.ID] = rel
		r.bySpan[rel.Head] = append(r.bySpan[rel.Head], rel.ID)
		r.bySpan[rel.Tail] = append(r.bySpan[rel.Tail], rel.ID)
		if v, ok := r.viewRel(rel); ok {
			vs = append(vs, v)
		}
	}
	r.u.view.SetRelations(vs)
	r.panel.refresh()
}

// clear forgets the relations (no article open).
func (r *relations) clear() {
	r.cancelDraw("")
	r.rels, r.bySpan, r.chosen = map[int64]annotate.Relation{}, map[int64][]int64{}, 0
	r.u.view.SetRelations(nil)
	r.panel.refresh()
}

// put keeps rel in rels and bySpan.
func (r *relations) put(rel annotate.Relation) {
	if old, ok := r.rels[rel.ID]; ok {
		r.unindex(old)
	}
	r.rels[rel.ID] = rel
	for _, s := range []int64{rel.Head, rel.Tail} {
		ids := r.bySpan[s]
		i, _ := slices.BinarySearch(ids, rel.ID)
		r.bySpan[s] = slices.Insert(ids, i, rel.ID)
	}
}

func (r *relations) unindex(rel annotate.Relation) {
	for _, s := range []int64{rel.Head, rel.Tail} {
		ids := slices.DeleteFunc(r.bySpan[s], func(id int64) bool { return id == rel.ID })
		if len(ids) == 0 {
			delete(r.bySpan, s)
		} else {
			r.bySpan[s] = ids
		}
	}
}

// count is how many relations span id has (the span list shows it).
func (r *relations) count(id int64) int {
	if r == nil {
		return 0
	}
	return len(r.bySpan[id])
}

// ofSpan returns span id's relations in the order the panel lists them.
func (r *relations) ofSpan(id int64) []annotate.Relation {
	out := make([]annotate.Relation, 0, len(r.bySpan[id]))
	for _, rid := range r.bySpan[id] {
		out = append(out, r.rels[rid])
	}
	return out
}

// valid reports whether the schema allows rel between its spans' labels.
func (r *relations) valid(rel annotate.Relation) bool {
	u := r.u
	t := u.schema.Relation(rel.Label)
	return t != nil && t.Allows(u.spans[rel.Head].Label, u.spans[rel.Tail].Label)
}

// relColor is a relation type's colour, grey when unknown.
func (r *relations) relColor(label string) color.Color {
	if r.colors == nil || r.colorsOf != r.u.schema {
		r.colors, r.colorsOf = map[string]color.Color{}, r.u.schema
		for _, t := range r.u.schema.Relations {
			if c, err := annotate.ParseColor(t.Color); err == nil {
				r.colors[t.Name] = c
			}
		}
	}
	if c, ok := r.colors[label]; ok {
		return c
	}
	return color.NRGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xFF}
}

// viewRel is rel as the view draws it; ok is false while a span of it is
// not shown.
func (r *relations) viewRel(rel annotate.Relation) (ViewRelation, bool) {
	h, okh := r.u.spans[rel.Head]
	t, okt := r.u.spans[rel.Tail]
	if !okh || !okt {
		return ViewRelation{}, false
	}
	return ViewRelation{ID: rel.ID, Head: rel.Head, Tail: rel.Tail, HeadAt: [2]int{h.Start, h.End}, TailAt: [2]int{t.Start, t.End},
		Label: rel.Label, Color: r.relColor(rel.Label), Invalid: !r.valid(rel)}, true
}

// show draws rel anew (its spans or the schema changed).
func (r *relations) show(rel annotate.Relation) {
	if v, ok := r.viewRel(rel); ok {
		r.u.view.SetRelation(v)
	} else {
		r.u.view.RemoveRelation(rel.ID)
	}
}

// schemaChanged redraws every relation in its type's colour and
// validity.
func (r *relations) schemaChanged() {
	if r == nil || r.u.view == nil || len(r.rels) == 0 {
		return
	}
	vs := make([]ViewRelation, 0, len(r.rels))
	for _, rel := range r.rels {
		if v, ok := r.viewRel(rel); ok {
			vs = append(vs, v)
		}
	}
	r.u.view.SetRelations(vs)
	r.panel.refresh()
}

// spanChanged redraws the relations of a span whose range or label
// changed (a relabel can make them invalid).
func (r *relations) spanChanged(id int64) {
	for _, rel := range r.ofSpan(id) {
		r.show(rel)
	}
	if len(r.bySpan[id]) > 0 {
		r.panel.refresh()
	}
}

// spanGone forgets the relations of a removed span (the store removed
// them with it).
func (r *relations) spanGone(id int64) {
	if r.draw.step != drawNone && (r.draw.head == id || r.draw.tail == id) {
		r.cancelDraw("The span was removed: no relation drawn.")
	}
	for _, rel := range r.ofSpan(id) {
		r.drop(rel.ID)
	}
}

func (r *relations) drop(id int64) {
	rel, ok := r.rels[id]
	if !ok {
		return
	}
	r.unindex(rel)
	delete(r.rels, id)
	r.u.view.RemoveRelation(id)
	if r.chosen == id {
		r.chosen = 0
	}
}

// changed refreshes the lists after a change of rel: the span list's
// rows of its spans (their counts) and the panel.
func (r *relations) changed(rel annotate.Relation) {
	for _, id := range []int64{rel.Head, rel.Tail} {
		if i, ok := r.u.orderIndex(id); ok {
			r.u.spanList.list.RefreshItem(i)
		}
	}
	r.panel.refresh()
	r.u.rv.spansChanged() // a relation of the curator's decides one in review
}

// orderIndex is span id's row in the span list.
func (u *UI) orderIndex(id int64) (int, bool) {
	if _, ok := u.spans[id]; !ok {
		return 0, false
	}
	i := sort.Search(len(u.order), func(i int) bool { return !u.less(u.order[i], id) })
	return i, i < len(u.order) && u.order[i] == id
}

// choose chooses a relation (0: none) and picks its head span, unless
// the picked span is one of its ends; scroll brings its head into view.
func (r *relations) choose(id int64, scroll bool) {
	u := r.u
	rel, ok := r.rels[id]
	if !ok || r.draw.step != drawNone {
		id = 0
	}
	r.chosen = id
	u.view.ChooseRelation(id)
	if id != 0 && u.picked != rel.Head && u.picked != rel.Tail {
		u.pick(rel.Head)
		u.view.setPicked(rel.Head)
	}
	if id != 0 && scroll {
		u.view.ScrollTo(u.spans[u.picked].Start)
	}
	if id != 0 {
		r.chosenHint(rel)
	}
	r.panel.refresh()
	u.win.Canvas().Focus(u.view)
}

// picked hears that span id was picked: a chosen relation not of it is
// let go.
func (r *relations) picked(id int64) {
	if r == nil || r.chosen == 0 {
		return
	}
	if rel := r.rels[r.chosen]; rel.Head != id && rel.Tail != id {
		r.chosen = 0
		r.u.view.ChooseRelation(0)
	}
	r.panel.refresh()
}

// already reports whether head has a relation of type label to tail; if
// so it chooses that one and says it is there.
func (r *relations) already(head, tail int64, label string) bool {
	for _, id := range r.bySpan[head] {
		if rel := r.rels[id]; rel.Head == head && rel.Tail == tail && rel.Label == label {
			r.choose(id, false)
			r.u.bar.hint(r.describe(rel) + " is there already.")
			return true
		}
	}
	return false
}

// add stores a new relation as one undoable step; once saved it is
// chosen.
func (r *relations) add(head, tail int64, label string) {
	u := r.u
	if r.already(head, tail, label) {
		return
	}
	rel := annotate.Relation{Head: head, Tail: tail, Label: label, Annotator: u.annotator}
	var added annotate.Relation
	art := u.art.ID
	u.edit("add the relation", func(ctx context.Context, h *History) (err error) {
		added, err = h.AddRelation(ctx, rel)
		return err
	}, func(err error) {
		if err == nil && u.art != nil && u.art.ID == art && r.draw.step == drawNone {
			r.choose(added.ID, false)
		}
	})
}

// setType gives the chosen relation another type.
func (r *relations) setType(label string) {
	rel, ok := r.rels[r.chosen]
	if !ok || rel.Label == label {
		return
	}
	if r.already(rel.Head, rel.Tail, label) {
		return
	}
	after := rel
	after.Label = label
	r.update(rel, after, func(err error) {
		if now, ok := r.rels[after.ID]; err == nil && ok && r.chosen == after.ID {
			r.chosenHint(now)
		}
	})
}

// setNote gives relation id a note.
func (r *relations) setNote(id int64, note string) {
	rel, ok := r.rels[id]
	if !ok || rel.Note == note {
		return
	}
	after := rel
	after.Note = note
	r.update(rel, after, nil)
}

func (r *relations) update(before, after annotate.Relation, done func(error)) {
	r.u.edit("change the relation", func(ctx context.Context, h *History) error {
		return h.UpdateRelation(ctx, before, after)
	}, done)
}

// deleteChosen removes the chosen relation; it reports whether there was
// one.
func (r *relations) deleteChosen() bool {
	if r == nil {
		return false
	}
	rel, ok := r.rels[r.chosen]
	if !ok {
		return false
	}
	r.u.edit("delete the relation", func(ctx context.Context, h *History) error {
		return h.DeleteRelation(ctx, rel)
	}, nil)
	return true
}

// relationsText says "1 relation", "2 relations".
func relationsText(n int) string {
	if n == 1 {
		return "1 relation"
	}
	return fmt.Sprintf("%d relations", n)
}
