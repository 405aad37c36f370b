package app

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/annotate"
)

// showGuidelines shows the guidelines panel (Help → Guidelines, F2): each
// label's colour, key, name and description, each relation type's, then
// the schema's Markdown guidelines; F2 again, or Esc, closes it.
func (u *UI) showGuidelines() {
	if top := u.topDialog(); top != nil && top.guide {
		top.d.Hide()
		return
	}
	if u.covered() || u.schema == nil {
		return
	}
	d := dialog.NewCustom("Guidelines", "Close", container.NewVScroll(guidelinesBody(u.schema, u.keys)), u.win)
	d.Resize(fyne.NewSize(760, 640))
	u.showDialog(d, dialogCancel).guide = true
}

// guidelinesBody lays out what the guidelines panel shows of s; keys are
// the labels' keys as their buttons show them.
func guidelinesBody(s *annotate.Schema, keys map[string]string) fyne.CanvasObject {
	labels := container.New(layout.NewFormLayout())
	for _, l := range s.Labels {
		name := l.Name
		if k := keys[l.Name]; k != "" {
			name = k + "  " + name
		}
		addGuideRow(labels, l.Color, name, l.Description)
	}
	box := container.NewVBox(heading("Labels"), labels)
	if len(s.Relations) > 0 {
		rels := container.New(layout.NewFormLayout())
		for _, r := range s.Relations {
			desc := "from " + strings.Join(r.From, ", ") + " to " + strings.Join(r.To, ", ")
			if r.Description != "" {
				desc = r.Description + " (" + desc + ")"
			}
			addGuideRow(rels, r.Color, r.Name, desc)
		}
		box.Add(heading("Relations"))
		box.Add(rels)
	}
	box.Add(widget.NewSeparator())
	if s.Guidelines == "" {
		box.Add(widget.NewLabel("No guidelines are set: tagdesk schema --guidelines FILE.md sets them."))
	} else {
		md := widget.NewRichTextFromMarkdown(s.Guidelines)
		md.Wrapping = fyne.TextWrapWord
		box.Add(md)
	}
	return box
}

func heading(text string) fyne.CanvasObject {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// addGuideRow adds a row to a form layout: a swatch in colour hex and
// the name in bold, then the description, wrapped.
func addGuideRow(grid *fyne.Container, hex, name, desc string) {
	c, _ := annotate.ParseColor(hex)
	sw := canvas.NewRectangle(color.NRGBA{R: c.R, G: c.G, B: c.B, A: 0x70})
	sw.StrokeColor, sw.StrokeWidth = c, 2
	sw.CornerRadius = theme.InputRadiusSize()
	sw.SetMinSize(fyne.NewSquareSize(theme.TextSize() + theme.Padding()))
	grid.Add(container.NewHBox(container.NewCenter(sw),
		widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})))
	if desc == "" {
		desc = "—"
	}
	d := widget.NewLabel(desc)
	d.Wrapping = fyne.TextWrapWord
	grid.Add(d)
}
