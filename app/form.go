package app

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/annotate"
)

// editDelay is how long after the last keystroke an edited entry is saved.
// Entries are also saved at once on Enter, when they lose focus, and
// before anything else happens to the span (pick, delete, undo, status,
// another article), so nothing typed is ever lost.
const editDelay = 700 * time.Millisecond

// noChoice is the Select option that clears an attribute.
const noChoice = "(none)"

// labelForm is the right panel's upper half: the label buttons, the
// selection, and the picked span's attributes, canonical value and note.
type labelForm struct {
	u         *UI
	buttons   *fyne.Container
	selection *widget.Label
	spanHead  *widget.Label
	attrs     *fyne.Container
	canonical *saveEntry
	note      *saveEntry
	del       *widget.Button
	spanBox   *fyne.Container
	obj       fyne.CanvasObject

	spanID    int64  // the span the fields show
	attrLabel string // the label whose attributes are built
	selects   map[string]*widget.Select
	entries   map[string]*saveEntry
	setting   bool // fields are being filled from the span: no saving
	editable  bool // false while changes are refused (UI.setBusy)
	pending   bool // an entry changed and is not queued for saving yet (or saving it failed)
	save      *debounce
}

func newLabelForm(u *UI) *labelForm {
	f := &labelForm{u: u, editable: true}
	f.save = newDebounce(u, editDelay, f.flush)
	flow := &flowLayout{}
	f.buttons = container.New(flow)
	f.selection = widget.NewLabel("")
	f.selection.Wrapping = fyne.TextWrapWord
	f.spanHead = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	f.spanHead.Wrapping = fyne.TextWrapWord
	f.attrs = container.New(layout.NewFormLayout())
	f.canonical = f.newEntry("normalised name or identifier")
	f.note = f.newEntry("free text")
	f.note.MultiLine = true
	f.note.SetMinRowsVisible(2)
	f.note.Wrapping = fyne.TextWrapWord
	f.del = widget.NewButtonWithIcon("Delete span", theme.DeleteIcon(), u.deletePicked)
	f.del.Importance = widget.DangerImportance
	fields := container.New(layout.NewFormLayout(),
		widget.NewLabel("canonical"), f.canonical, widget.NewLabel("note"), f.note)
	f.spanBox = container.NewVBox(widget.NewSeparator(), f.spanHead, u.rel.panel.obj, f.attrs, fields, f.del)
	f.obj = container.New(&formLayout{flow: flow}, container.NewVScroll(f.buttons),
		container.NewVScroll(container.NewVBox(f.selection, f.spanBox)))
	return f
}

// setSchema builds a button per label (labelpanel.go).
func (f *labelForm) setSchema(s *annotate.Schema) {
	f.buttons.Objects = labelButtons(f.u, s)
	f.attrLabel = "\x00" // rebuild the attribute fields
	f.buttons.Refresh()
}

// refresh shows the selection and the picked span.
func (f *labelForm) refresh() {
	u := f.u
	if start, end, ok := u.selection(); ok {
		setText(f.selection, fmt.Sprintf("Selection [%d, %d): “%s”\nPress a label key or button.", start, end, clip(u.ix.Slice(start, end), 120)))
	} else if u.art == nil {
		setText(f.selection, "")
	} else {
		setText(f.selection, "Drag over the text to select it, or click a span to edit it.")
	}
	sp, ok := u.pickedSpan()
	if !ok {
		f.spanID = 0
		f.spanBox.Hide()
		return
	}
	f.setting = true
	defer func() { f.setting = false }()
	setText(f.spanHead, fmt.Sprintf("%s [%d, %d) “%s”", sp.Label, sp.Start, sp.End, clip(u.ix.Slice(sp.Start, sp.End), 80)))
	if sp.Label != f.attrLabel {
		f.buildAttrs(u.schema.Label(sp.Label))
	}
	for name, sel := range f.selects {
		if v := sp.Attrs[name]; v != "" {
			sel.SetSelected(v)
		} else {
			sel.SetSelected(noChoice)
		}
	}
	fresh := sp.ID != f.spanID
	f.spanID = sp.ID
	if fresh || !f.pending {
		for name, e := range f.entries {
			e.SetText(sp.Attrs[name])
		}
		f.canonical.SetText(sp.Canonical)
		f.note.SetText(sp.Note)
	}
	u.rel.panel.refresh()
	f.spanBox.Show()
}

// buildAttrs makes a field per attribute of l: a Select for choices, an
// entry for free text.
func (f *labelForm) buildAttrs(l *annotate.Label) {
	f.attrs.RemoveAll()
	f.selects, f.entries = map[string]*widget.Select{}, map[string]*saveEntry{}
	f.attrLabel = ""
	if l == nil {
		return
	}
	f.attrLabel = l.Name
	for _, a := range l.Attrs {
		name := a.Name
		var field fyne.CanvasObject
		if len(a.Choices) > 0 {
			sel := widget.NewSelect(append([]string{noChoice}, a.Choices...), func(v string) {
				if v == noChoice {
					v = ""
				}
				f.setAttr(name, v)
			})
			f.selects[name] = sel
			field = sel
		} else {
			e := f.newEntry("")
			f.entries[name] = e
			field = e
		}
		f.attrs.Add(widget.NewLabel(name))
		f.attrs.Add(field)
	}
	f.enableEntries()
	f.attrs.Refresh()
}

// setAttr saves a choice at once.
func (f *labelForm) setAttr(name, v string) {
	if f.setting {
		return
	}
	sp, ok := f.u.pickedSpan()
	if !ok || sp.Attrs[name] == v {
		return
	}
	f.flush()
	sp, _ = f.u.pickedSpan()
	after := sp
	after.Attrs = maps.Clone(sp.Attrs)
	if after.Attrs == nil {
		after.Attrs = map[string]string{}
	}
	if v == "" {
		delete(after.Attrs, name)
	} else {
		after.Attrs[name] = v
	}
	f.u.updateSpan(sp, after, nil)
}

// changed notes an edit in an entry and saves it after editDelay.
func (f *labelForm) changed() {
	if f.setting || f.spanID == 0 {
		return
	}
	f.pending = true
	f.save.start()
}

// flush queues the entries' text for saving when it changed: one undoable
// step. When saving it fails (or it cannot be queued while an import
// runs), the entries keep the typed text, pending again, and the next
// flush tries again.
func (f *labelForm) flush() {
	f.save.stop()
	if !f.pending {
		return
	}
	f.pending = false
	sp, ok := f.u.current(f.spanID)
	if !ok || f.spanID == 0 {
		return
	}
	after := sp
	after.Attrs = maps.Clone(sp.Attrs)
	if after.Attrs == nil {
		after.Attrs = map[string]string{}
	}
	for name, e := range f.entries {
		if e.Text == "" {
			delete(after.Attrs, name)
		} else {
			after.Attrs[name] = e.Text
		}
	}
	after.Canonical, after.Note = f.canonical.Text, f.note.Text
	if after.Canonical == sp.Canonical && after.Note == sp.Note && maps.Equal(after.Attrs, sp.Attrs) {
		return
	}
	id := f.spanID
	failed := func() {
		if f.spanID == id {
			f.pending = true
		}
	}
	if !f.u.updateSpan(sp, after, func(err error) {
		if err != nil {
			failed()
		}
	}) {
		failed()
	}
}

// setEditable makes the text fields editable or read-only (while an
// import runs, see UI.setBusy).
func (f *labelForm) setEditable(on bool) {
	f.editable = on
	f.enableEntries()
}

func (f *labelForm) enableEntries() {
	for _, e := range append([]*saveEntry{f.canonical, f.note}, slices.Collect(maps.Values(f.entries))...) {
		if f.editable {
			e.Enable()
		} else {
			e.Disable()
		}
	}
}

// cancel drops an unsaved entry edit (the span is about to go).
func (f *labelForm) cancel() {
	f.save.stop()
	f.pending = false
}

func (f *labelForm) newEntry(placeholder string) *saveEntry {
	e := &saveEntry{onShortcut: f.u.shortcut, onEscape: f.backToText}
	e.ExtendBaseWidget(e)
	e.SetPlaceHolder(placeholder)
	e.OnChanged = func(string) { f.changed() }
	e.OnSubmitted = func(string) { f.flush() }
	e.onFocusLost = func() { f.flush() }
	return e
}

// saveEntry is an Entry that saves when it loses focus and passes the
// window's shortcuts (Ctrl+Enter, Ctrl+K, …) on instead of swallowing them.
type saveEntry struct {
	widget.Entry
	onFocusLost func()
	onShortcut  func(fyne.Shortcut) bool
	onEscape    func()
}

// TypedKey hands Esc back to the window (focus returns to the text).
func (e *saveEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(k)
}

func (e *saveEntry) FocusLost() {
	e.Entry.FocusLost()
	if e.onFocusLost != nil {
		e.onFocusLost()
	}
}

func (e *saveEntry) TypedShortcut(s fyne.Shortcut) {
	if e.onShortcut != nil && e.onShortcut(s) {
		return
	}
	e.Entry.TypedShortcut(s)
}

// firstField is the first field of the picked span: its first attribute,
// else the canonical entry.
func (f *labelForm) firstField() fyne.Focusable {
	for _, o := range f.attrs.Objects {
		if fo, ok := o.(fyne.Focusable); ok {
			return fo
		}
	}
	return f.canonical
}

// holds reports whether o is one of the form's fields.
func (f *labelForm) holds(o fyne.Focusable) bool {
	if o == nil {
		return false
	}
	if o == fyne.Focusable(f.canonical) || o == fyne.Focusable(f.note) {
		return true
	}
	for _, s := range f.selects {
		if o == fyne.Focusable(s) {
			return true
		}
	}
	for _, e := range f.entries {
		if o == fyne.Focusable(e) {
			return true
		}
	}
	return false
}

// backToText saves what was typed and gives the keyboard back to the text.
func (f *labelForm) backToText() {
	f.flush()
	f.u.win.Canvas().Focus(f.u.view)
}

// clip shortens s to n code points, on one line. It looks at no more than
// n+1 code points of s (it runs on every selection change and span list
// row, and a selection may be the whole article).
func clip(s string, n int) string {
	cut, i := 0, 0 // cut: the byte offset of code point n-1
	for k := range s {
		if i == n-1 {
			cut = k
		}
		if i == n {
			return oneLine(s[:cut]) + "…"
		}
		i++
	}
	return oneLine(s)
}

// oneLine turns line breaks and tabs into spaces.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}
