package app

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Preference keys (fyne.App.Preferences).
const (
	prefTheme    = "theme" // "", "light" or "dark"
	prefTextSize = "textSize"
	prefPrecise  = "precise"
)

// menus is the main menu: File, Edit, View, Review, Help.
type menus struct {
	u                *UI
	main             *fyne.MainMenu
	light, dark, sys *fyne.MenuItem
	precise          *fyne.MenuItem
	imp              *fyne.MenuItem // Import…, disabled for a damaged database
	endReview        *fyne.MenuItem // review_dialog.go
	acceptAgreed     *fyne.MenuItem
}

func newMenus(u *UI) *menus {
	m := &menus{u: u}
	item := func(label string, sc fyne.Shortcut, fn func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, u.unlessCovered(fn))
		it.Shortcut = sc
		return it
	}
	var file []*fyne.MenuItem
	if u.opt.OpenStore != nil {
		file = append(file, item("Open database…", nil, u.openDatabase))
	}
	if u.opt.Import != nil {
		m.imp = item("Import…", nil, u.importFiles)
		file = append(file, m.imp)
	}
	if u.opt.Export != nil {
		file = append(file, item("Export…", nil, u.exportFiles))
	}
	file = append(file, u.dataItems(item)...)
	if u.suggestionStore() != nil {
		file = append(file, item("Patterns…", nil, u.loadPatterns))
	}
	file = append(file, fyne.NewMenuItemSeparator(), item("Annotator name…", nil, func() { u.askAnnotator(true) }))
	// Fyne adds Quit to the first menu itself.
	edit := fyne.NewMenu("Edit",
		item("Undo", &fyne.ShortcutUndo{}, u.undo),
		item("Redo", cs(fyne.KeyZ, ctrl|fyne.KeyModifierShift), u.redo),
		fyne.NewMenuItemSeparator(),
		item("Delete span (Delete)", nil, u.deletePicked),
		item("Add relation (R)", nil, u.startRelation),
		item("Find", cs(fyne.KeyF, ctrl), func() { u.find.show() }),
		fyne.NewMenuItemSeparator(),
		item("Mark done, next article", cs(fyne.KeyReturn, ctrl), u.markDone),
		item("Skip article", cs(fyne.KeyK, ctrl), u.skip),
		item("Flag for the curator…", cs(fyne.KeyF, ctrl|fyne.KeyModifierShift), u.flagArticle),
	)
	m.light = item("Light theme", nil, func() { u.setTheme("light") })
	m.dark = item("Dark theme", nil, func() { u.setTheme("dark") })
	m.sys = item("System theme", nil, func() { u.setTheme("") })
	m.precise = item("Character precision", cs(fyne.KeyP, ctrl), u.togglePrecise)
	view := fyne.NewMenu("View",
		item("Larger text", cs(fyne.KeyEqual, ctrl), func() { u.zoom(+1) }),
		item("Smaller text", cs(fyne.KeyMinus, ctrl), func() { u.zoom(-1) }),
		fyne.NewMenuItemSeparator(),
		m.light, m.dark, m.sys,
		fyne.NewMenuItemSeparator(),
		m.precise,
	)
	help := fyne.NewMenu("Help",
		&fyne.MenuItem{Label: "Keyboard", Shortcut: cs(fyne.KeySlash, ctrl), Action: u.showKeys}, // closes the sheet too
		&fyne.MenuItem{Label: "Guidelines (F2)", Action: u.showGuidelines},                       // closes them too
		item("About tagdesk", nil, u.showAbout),
	)
	review := fyne.NewMenu("Review", append([]*fyne.MenuItem{item("Agreement…", nil, u.showAgreement)}, m.reviewItems(item)...)...)
	m.main = fyne.NewMainMenu(fyne.NewMenu("File", file...), edit, view, review, help)
	return m
}

// variantTheme is the default theme held to one variant (light or dark).
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

// setTheme switches to the light or dark theme, or the system's ("").
func (u *UI) setTheme(name string) {
	u.app.Preferences().SetString(prefTheme, name)
	u.applyTheme()
}

func (u *UI) applyTheme() {
	name := u.app.Preferences().String(prefTheme)
	switch name {
	case "light":
		u.app.Settings().SetTheme(variantTheme{theme.DefaultTheme(), theme.VariantLight})
	case "dark":
		u.app.Settings().SetTheme(variantTheme{theme.DefaultTheme(), theme.VariantDark})
	default:
		if _, forced := u.app.Settings().Theme().(variantTheme); forced {
			u.app.Settings().SetTheme(theme.DefaultTheme())
		}
	}
	m := u.menus
	m.light.Checked, m.dark.Checked, m.sys.Checked = name == "light", name == "dark", name == ""
	m.main.Refresh()
}

// applyViewPrefs restores the theme, text size and precision.
func (u *UI) applyViewPrefs() {
	u.applyTheme()
	if s := u.app.Preferences().Float(prefTextSize); s > 0 {
		u.view.SetTextSize(float32(s))
	}
	p := u.app.Preferences().Bool(prefPrecise)
	u.view.SetPrecise(p)
	u.menus.precise.Checked = p
	u.menus.main.Refresh()
}

// zoom makes the article's text one point larger (+1) or smaller (-1).
func (u *UI) zoom(dir int) {
	s := u.app.Preferences().Float(prefTextSize)
	if s <= 0 {
		s = float64(u.view.fontSize()) // no size chosen yet: the theme's, as drawn
	}
	s = min(max(s+float64(dir), 9), 36)
	u.app.Preferences().SetFloat(prefTextSize, s)
	u.view.SetTextSize(float32(s))
	u.bar.hint(fmt.Sprintf("Text size %.0f.", s))
}

// togglePrecise switches character precision: when on, a selection ends
// exactly where the mouse lets go instead of snapping to whole words.
func (u *UI) togglePrecise() {
	p := !u.app.Preferences().Bool(prefPrecise)
	u.app.Preferences().SetBool(prefPrecise, p)
	u.view.SetPrecise(p)
	u.menus.precise.Checked = p
	u.menus.main.Refresh()
	if p {
		u.bar.hint("Character precision on: selections end exactly where you let go.")
	} else {
		u.bar.hint("Character precision off: selections snap to whole words.")
	}
}

// keySheet lists every key of the window.
func (u *UI) keySheet() [][2]string {
	rows := [][2]string{
		{"Drag, double-click, Shift+click", "Select text (snaps to words unless Ctrl+P)"},
		{"Shift+arrows, Ctrl+Shift+arrows", "Select with the keyboard"},
	}
	for _, l := range u.schema.Labels {
		rows = append(rows, [2]string{u.keys[l.Name], "Label the selection " + l.Name + " (or relabel the chosen span)"})
	}
	rows = append(rows,
		[2]string{"/", "Pick a label by name: type to filter, Enter applies"},
		[2]string{"Click a span", "Choose it: edit its attributes on the right"},
		[2]string{"Alt+Left, Alt+Right", "Move the chosen span's start by a word (by a character with Ctrl+P)"},
		[2]string{"Alt+Shift+Left, Alt+Shift+Right", "Move the chosen span's end"},
		[2]string{"Delete, Backspace", "Delete the chosen span"},
		[2]string{"Escape", "Close the find bar, or drop the chosen span"},
		[2]string{"F2", "The guidelines: each label's description and the project's rules; again, close them"},
	)
	rows = append(rows, u.rel.keyRows()...)
	rows = append(rows, u.suggestKeyRows()...)
	for _, b := range bindings {
		if b.help != "" {
			rows = append(rows, [2]string{b.label, b.help})
		}
	}
	return append(rows, reviewKeys...)
}

// showKeys shows the keyboard sheet, or closes it when it is on top.
func (u *UI) showKeys() {
	if top := u.topDialog(); top != nil && top.sheet {
		top.d.Hide()
		return
	}
	if u.covered() {
		return
	}
	grid := container.New(layout.NewFormLayout())
	for _, r := range u.keySheet() {
		k := widget.NewLabelWithStyle(r[0], fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
		grid.Add(k)
		grid.Add(widget.NewLabel(r[1]))
	}
	d := dialog.NewCustom("Keyboard", "Close", container.NewVScroll(grid), u.win)
	d.Resize(fyne.NewSize(720, 640))
	u.showDialog(d, dialogCancel).sheet = true
}

func (u *UI) showAbout() {
	u.info("About tagdesk", fmt.Sprintf(
		"tagdesk %s\n\nLabel spans of news articles and export them as JSONL.\nDatabase: %s\nAnnotator: %s",
		u.opt.Version, u.opt.DBPath, u.annotator))
}

// askAnnotator asks for the annotator's name (at the first start, or from
// File → Annotator name…) and keeps it in the preferences.
func (u *UI) askAnnotator(cancellable bool) {
	var d dialog.Dialog
	e := newEscEntry(func() {
		if cancellable {
			d.Hide()
		}
	})
	e.SetPlaceHolder("e.g. alice")
	e.SetText(u.annotator)
	ok := widget.NewButton("OK", nil)
	ok.Importance = widget.HighImportance
	submit := func() {
		name := strings.TrimSpace(e.Text)
		if name == "" {
			return
		}
		d.Hide()
		u.setAnnotator(name)
	}
	ok.OnTapped = submit
	e.OnSubmitted = func(string) { submit() }
	buttons := []fyne.CanvasObject{layout.NewSpacer(), ok}
	if cancellable {
		buttons = []fyne.CanvasObject{layout.NewSpacer(), widget.NewButton("Cancel", func() { d.Hide() }), ok}
	}
	body := container.NewVBox(
		widget.NewLabel("Your name is stored with every span and status you set,\nso that several people can label the same articles."),
		e, container.NewHBox(buttons...))
	d = dialog.NewCustomWithoutButtons("Who is annotating?", body, u.win)
	d.Resize(fyne.NewSize(460, 200))
	kind := dialogHold
	if cancellable {
		kind = dialogCancel
	}
	u.showDialog(d, kind)
	u.win.Canvas().Focus(e)
}

// setAnnotator switches to another annotator's work.
func (u *UI) setAnnotator(name string) {
	if name == u.annotator {
		return
	}
	u.rv.leave() // working as someone else ends a review
	if u.opt.Annotator == "" {
		u.app.Preferences().SetString(prefAnnotator, name)
	}
	u.switchAnnotator(name)
}

// switchAnnotator shows another annotator's work (the preferences keep
// the name they had).
func (u *UI) switchAnnotator(name string) {
	u.form.flush()
	u.annotator = name
	open := int64(0)
	if u.art != nil {
		open = u.art.ID
	}
	u.histories = map[int64]*History{}
	u.list.reload()
	if open != 0 {
		u.open(open)
	} else if id, ok := u.list.nextOpen(0); ok {
		u.open(id)
	}
	u.bar.refresh()
}
