package app

import (
	"fmt"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// This file holds File → Backups…: the everyday backups of the open
// database with their counts, as `tagdesk backups` lists them, each with
// a Restore button that puts it back after a confirmation, as `tagdesk
// restore` does (the state before is backed up first), and reopens the
// database.

// showBackups opens File → Backups….
func (u *UI) showBackups() {
	list, err := u.opt.Data.Backups(u.ctx, u.opt.DBPath)
	if err != nil {
		u.showError("list the backups", err)
		return
	}
	if len(list) == 0 {
		u.info("Backups", fmt.Sprintf("No backups of %s yet: one is made before the first change of each day.", u.opt.DBPath))
		return
	}
	rows := container.NewVBox()
	var d dialog.Dialog
	for _, b := range list {
		what := backupCounts(b)
		if b.Err != nil {
			what = "cannot be read: " + b.Err.Error()
		}
		line := widget.NewLabel(fmt.Sprintf("%s   %s   %s   %s", b.Time.Format("2006-01-02 15:04:05"), filepath.Base(b.Path), sizeText(b.Size), what))
		line.Truncation = fyne.TextTruncateEllipsis
		restore := widget.NewButton("Restore…", func() { d.Hide(); u.confirmRestore(b) })
		if b.Err != nil {
			restore.Disable()
		}
		rows.Add(container.NewBorder(nil, nil, nil, restore, line))
	}
	head := widget.NewLabel(fmt.Sprintf("Backups of %s, oldest first. Restore puts one back in its place; the database as it is now is backed up first.", u.opt.DBPath))
	head.Wrapping = fyne.TextWrapWord
	d = dialog.NewCustom("Backups", "Close", container.NewBorder(head, nil, nil, nil, container.NewVScroll(rows)), u.win)
	d.Resize(fyne.NewSize(860, 420))
	u.showDialog(d, dialogCancel)
}

// confirmRestore asks before restoring b.
func (u *UI) confirmRestore(b Backup) {
	d := dialog.NewConfirm("Restore this backup?",
		fmt.Sprintf("Put back the backup of %s (%s) in the place of %s?\n\nThe database as it is now is backed up first, so this can be taken back too.\nClose other windows and commands that use the database first.",
			b.Time.Format("2006-01-02 15:04:05"), backupCounts(b), u.opt.DBPath),
		func(ok bool) {
			if ok {
				u.restoreBackup(b)
			}
		}, u.win)
	d.SetConfirmText("Restore")
	d.SetDismissText("Cancel")
	u.showDialog(d, dialogCancel)
}

// restoreBackup puts b back: on the window's writer, after the changes
// queued before, the store is closed, the backup restored and the
// database opened again, and the window reloads it. When the restore
// fails, the database as it was is opened again.
func (u *UI) restoreBackup(b Backup) {
	if u.busy && u.data.damage == nil { // an import from this window runs
		u.bar.hint(busyHint)
		return
	}
	u.form.flush()
	u.stopPolling()
	u.setBusy(true) // nothing is queued for the store being closed
	old, path := u.store, u.opt.DBPath
	u.w.do(func() {
		old.Close()
		saved, err := u.opt.Data.Restore(u.ctx, path, b.Path)
		s, oerr := u.opt.OpenStore(path)
		fyne.Do(func() {
			if u.closed {
				if oerr == nil {
					s.Close()
				}
				return
			}
			if oerr != nil {
				u.alert(fmt.Errorf("Could not open %s again: %w\n\nRestart tagdesk on it.", path, oerr))
				return
			}
			u.setBusy(false)
			u.setStore(s, path)
			if err != nil {
				u.alert(fmt.Errorf("Could not restore %s: %w", filepath.Base(b.Path), err))
				return
			}
			u.info("Backup restored", fmt.Sprintf("%s was restored from %s.\nThe state before: %s", path, b.Path, saved))
		})
	})
}

// sizeText says a number of bytes for a person.
func sizeText(n int64) string {
	switch {
	case n < 1<<20:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	case n < 1<<30:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
}

// backupCounts says what a backup holds: "1 article, 2 spans".
func backupCounts(b Backup) string {
	articles := "1 article"
	if b.Articles != 1 {
		articles = fmt.Sprintf("%d articles", b.Articles)
	}
	return articles + ", " + spanCount(b.Spans)
}
