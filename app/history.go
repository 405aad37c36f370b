package app

import (
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/annotate"
)

// This file holds File → Import history…: the imports recorded in the
// database (annotate.ImportRecorder), oldest first, as `tagdesk imports`
// lists them, each with an Undo button that takes it back after a
// confirmation, on the window's writer, behind the changes queued before.

// historyPanel is the open Import history dialog.
type historyPanel struct {
	u       *UI
	rec     annotate.ImportRecorder
	batches []annotate.ImportBatch
	list    *widget.List
	msg     *widget.Label
	d       dialog.Dialog
}

// showHistory opens File → Import history….
func (u *UI) showHistory() {
	if u.data.damage != nil {
		u.info("Import history", "This database is damaged: its imports are not undone in it. Recover… saves what can be read into a new database; a backup from before the import is the other way back.")
		return
	}
	rec, ok := u.store.(annotate.ImportRecorder)
	if !ok {
		u.info("Import history", "This database does not record its imports (a PostgreSQL database does not), so they cannot be listed or undone here. Restore a backup made with pg_dump to go back.")
		return
	}
	p := &historyPanel{u: u, rec: rec, msg: widget.NewLabel("")}
	p.msg.Wrapping = fyne.TextWrapWord
	p.list = widget.NewList(func() int { return len(p.batches) }, func() fyne.CanvasObject {
		head, tally := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), widget.NewLabel("")
		head.Truncation, tally.Truncation = fyne.TextTruncateEllipsis, fyne.TextTruncateEllipsis
		return container.NewBorder(nil, nil, nil, container.NewCenter(widget.NewButton("Undo…", nil)), container.NewVBox(head, tally))
	}, func(i widget.ListItemID, o fyne.CanvasObject) {
		b := p.batches[i]
		row := o.(*fyne.Container)
		lines := row.Objects[0].(*fyne.Container).Objects
		lines[0].(*widget.Label).SetText(b.Heading() + "   from " + b.FileNames())
		lines[1].(*widget.Label).SetText(b.Tally())
		undo := row.Objects[1].(*fyne.Container).Objects[0].(*widget.Button)
		undo.OnTapped = func() { p.confirm(b) }
		if b.Undone.IsZero() {
			undo.Enable()
		} else {
			undo.Disable()
		}
	})
	p.d = dialog.NewCustom("Import history", "Close", container.NewBorder(p.msg, nil, nil, nil, p.list), u.win)
	p.d.Resize(fyne.NewSize(860, 460))
	u.data.history = p
	u.showDialog(p.d, dialogCancel).d.SetOnClosed(func() {
		if u.data.history == p {
			u.data.history = nil
		}
		u.forgetDialog(p.d)
	})
	p.reload()
}

// forgetDialog takes d off the window's stack of dialogs (for a dialog
// whose OnClosed showDialog's was replaced).
func (u *UI) forgetDialog(d dialog.Dialog) {
	for i, o := range u.dialogs {
		if o.d == d {
			u.dialogs = append(u.dialogs[:i], u.dialogs[i+1:]...)
			return
		}
	}
}

// reload reads the batches again.
func (p *historyPanel) reload() {
	list, err := p.rec.ImportBatches(p.u.ctx)
	switch {
	case err != nil:
		p.msg.SetText("Could not read the imports: " + err.Error())
	case len(list) == 0:
		p.msg.SetText("No imports are recorded in this database yet.")
	default:
		p.msg.SetText("Every import, oldest first. Undo takes one back: what it added is deleted, what it changed gets its values from before.")
	}
	p.batches = list
	p.list.Refresh()
}

// confirm asks before undoing batch b.
func (p *historyPanel) confirm(b annotate.ImportBatch) {
	d := dialog.NewConfirm(fmt.Sprintf("Undo import %d?", b.ID),
		fmt.Sprintf("%s\n\nEverything this import added is deleted and what it changed gets its values from before.", b.Line()),
		func(ok bool) {
			if ok {
				p.u.undoImport(p.rec, b.ID, false)
			}
		}, p.u.win)
	d.SetConfirmText("Undo import")
	d.SetDismissText("Cancel")
	p.u.showDialog(d, dialogCancel)
}

// undoImport takes back batch id on the window's writer, then reloads
// the window. When later work depends on the batch, it says which and
// asks again, to undo with that work.
func (u *UI) undoImport(rec annotate.ImportRecorder, id int64, force bool) {
	if u.busy { // an import from this window runs
		u.bar.hint(u.refusedHint())
		return
	}
	u.form.flush()
	u.w.do(func() {
		res, err := rec.UndoImport(u.ctx, id, force)
		fyne.Do(func() {
			if u.closed {
				return
			}
			u.undone(rec, id, res, err)
		})
	})
}

// undone shows the result of an undo on the UI goroutine.
func (u *UI) undone(rec annotate.ImportRecorder, id int64, res annotate.UndoResult, err error) {
	var de *annotate.DependsError
	switch {
	case errors.As(err, &de):
		d := dialog.NewConfirm(fmt.Sprintf("Import %d has later work", id),
			de.Error()+"\n\nNothing was changed. Undo it anyway? That later work goes with it.",
			func(ok bool) {
				if ok {
					u.undoImport(rec, id, true)
				}
			}, u.win)
		d.SetConfirmText("Undo with that work")
		d.SetDismissText("Keep it")
		u.showDialog(d, dialogCancel)
		return
	case err != nil:
		u.showError(fmt.Sprintf("undo import %d", id), err)
		return
	}
	u.loadStore()
	if p := u.data.history; p != nil {
		p.reload()
	}
	u.bar.hint(fmt.Sprintf("Import %d undone: %s.", id, res.Summary()))
}
