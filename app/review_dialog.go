package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// reviewItems are the Review menu's entries of the review; item makes
// an entry as the menu's others are made.
func (m *menus) reviewItems(item func(string, fyne.Shortcut, func()) *fyne.MenuItem) []*fyne.MenuItem {
	u := m.u
	m.endReview = item("End review", nil, u.EndReview)
	m.endReview.Disabled = true
	m.acceptAgreed = item("Accept agreed spans at once", nil, func() {
		off := u.rv.acceptAgreed()
		v := ""
		if off {
			v = "off"
		}
		u.app.Preferences().SetString(prefAcceptAgreed, v)
		m.reviewChanged()
	})
	m.acceptAgreed.Checked = u.rv.acceptAgreed()
	return []*fyne.MenuItem{fyne.NewMenuItemSeparator(), item("Review article…", nil, u.showReviewPicker), m.endReview, m.acceptAgreed}
}

// reviewChanged updates the Review menu's entries.
func (m *menus) reviewChanged() {
	m.endReview.Disabled = !m.u.rv.on
	m.acceptAgreed.Checked = m.u.rv.acceptAgreed()
	m.main.Refresh()
}

// reviewKeys are the keyboard sheet's rows of the review.
var reviewKeys = [][2]string{
	{"N, Shift+N", "Review: the next, the previous disagreement"},
	{"1 … 9 (nothing selected)", "Review: take that annotator's version (lanes from the top)"},
	{"B, X", "Review: take all versions (both), none"},
}

// showReviewPicker (Review → Review article…) asks whose work to review
// and under which name the result is kept. The annotators are read off
// the UI goroutine. Everything in it works from the keyboard: Tab moves,
// Space ticks a box or presses a button, Enter in the name starts.
func (u *UI) showReviewPicker() {
	if !u.life.enter() {
		return
	}
	store, ctx := u.store, u.ctx
	go func() {
		defer u.life.leave()
		st, err := store.Stats(ctx)
		fyne.Do(func() {
			if u.closed {
				return
			}
			if err != nil {
				u.showError("read the annotators", err)
				return
			}
			if u.covered() {
				return // another dialog came first
			}
			u.pickReviewers(st.Annotators)
		})
	}()
}

// pickReviewers shows the review dialog with the annotators who.
func (u *UI) pickReviewers(who []string) {
	r := u.rv
	curator := r.gold
	if curator == "" {
		curator = DefaultCurator
	}
	was := map[string]bool{}
	for _, n := range r.names {
		was[n] = true
	}
	var d dialog.Dialog
	var start func()
	cancelReview := func() { d.Hide() }
	var checks []*widget.Check
	var names []string
	box := container.NewVBox()
	for _, a := range who {
		if a == "" || a == curator {
			continue
		}
		ec := newEscCheck(a, was[a], nil, cancelReview)
		ec.onEnter = func() { start() }
		checks = append(checks, &ec.Check)
		names = append(names, a)
		box.Add(ec)
	}
	if len(names) < 2 {
		u.info("Review", "A review needs the work of two annotators or more in this database.\n"+
			"Import theirs first (File → Import…).")
		return
	}
	scroll := container.NewVScroll(box)
	scroll.SetMinSize(fyne.NewSize(0, min(box.MinSize().Height, 200)))
	ge := newEscEntry(cancelReview)
	gold := &ge.Entry
	gold.SetText(curator)
	msg := widget.NewLabel("")
	start = func() {
		var picked []string
		for i, c := range checks {
			if c.Checked {
				picked = append(picked, names[i])
			}
		}
		if len(picked) < 2 {
			msg.SetText("Tick two annotators or more.")
			return
		}
		d.Hide()
		if err := u.StartReview(picked, gold.Text); err != nil {
			u.alert(err)
		}
	}
	gold.OnSubmitted = func(string) { start() }
	ok := widget.NewButton("Review", start)
	ok.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	body := container.NewVBox(
		widget.NewLabel("Whose work to compare (Tab moves, Space ticks, Enter starts):"),
		scroll,
		widget.NewForm(widget.NewFormItem("Decide into", ge)),
		msg,
		container.NewHBox(layout.NewSpacer(), cancel, ok))
	d = dialog.NewCustomWithoutButtons("Review article", body, u.win)
	d.Resize(fyne.NewSize(420, 360))
	u.showDialog(d, dialogCancel)
	u.win.Canvas().Focus(box.Objects[0].(fyne.Focusable))
	u.rv.picker = &reviewPicker{checks: checks, gold: gold, ok: ok, cancel: cancel}
}

// reviewPicker holds the review dialog's widgets (for tests).
type reviewPicker struct {
	checks     []*widget.Check
	gold       *widget.Entry
	ok, cancel *widget.Button
}
