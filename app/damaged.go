package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/annotate"
)

// This file holds what the window does with a damaged database: the
// check when a store is opened, in the background so that the first frame
// is not delayed; the read-only state it then enters (no change is saved,
// nothing is imported, no invitation to import); the dialog that explains
// and offers Recover… and the backups.

// DataOptions connect the window to what keeps the user's data: the
// damage check, recovery and the everyday backups. A nil callback turns
// its part off (no check, no Recover… or Backups… entry).
type DataOptions struct {
	// Check checks the store the window opened (PRAGMA quick_check); it
	// runs off the UI goroutine. An error that wraps annotate.ErrDamaged
	// makes the window read-only and shows the damaged dialog.
	Check func(ctx context.Context, s annotate.Store) error
	// Recover saves what the damaged database at src still holds into the
	// new database dst and returns what it saved, in words.
	Recover func(ctx context.Context, src, dst string) (string, error)
	// Backups lists the everyday backups of the database at path, oldest
	// first.
	Backups func(ctx context.Context, path string) ([]Backup, error)
	// Restore puts backup back in the place of the database at path, after
	// backing up its state before (saved). The window closes its store
	// before and opens the database again after.
	Restore func(ctx context.Context, path, backup string) (saved string, err error)
}

// Backup is one everyday backup of the open database.
type Backup struct {
	Path     string
	Time     time.Time
	Size     int64
	Articles int
	Spans    int
	Err      error // why its counts could not be read
}

// dataState is the window's state of its data: damage, and the dialogs
// of this file, history.go and backups.go.
type dataState struct {
	damage  error         // the store is damaged: the window is read-only
	checked int           // checks answered (tests wait for them)
	history *historyPanel // File → Import history…, while open
}

// damagedHint is what the status bar says when a change is refused
// because the database is damaged.
const damagedHint = "This database is damaged: it is open read-only and nothing is saved. File → Recover… saves what can be read."

// checkStore checks the store in force in the background and leaves the
// read-only state of an earlier store.
func (u *UI) checkStore() {
	if u.data.damage != nil {
		u.data.damage = nil
		u.setBusy(false)
		u.menus.setImport(true)
	}
	check := u.opt.Data.Check
	if check == nil || !u.life.enter() {
		return
	}
	s := u.store
	go func() {
		defer u.life.leave()
		err := check(u.quit, s)
		fyne.Do(func() {
			if u.closed || u.store != s {
				return
			}
			u.data.checked++
			if errors.Is(err, annotate.ErrDamaged) {
				u.setDamaged(err)
			}
		})
	}()
}

// noticeDamage makes the window read-only when err is the first to say
// that the store is damaged (a read met the damage before the check did);
// it reports whether it did.
func (u *UI) noticeDamage(err error) bool {
	if !errors.Is(err, annotate.ErrDamaged) || u.data.damage != nil {
		return false
	}
	u.setDamaged(err)
	return true
}

// setDamaged makes the window read-only for a damaged store and explains.
func (u *UI) setDamaged(err error) {
	if u.data.damage != nil {
		return
	}
	u.data.damage = err
	u.setBusy(true)
	u.menus.setImport(false)
	if u.art == nil {
		u.title.SetText(u.emptyText())
	}
	u.showDamaged()
}

// setImport enables or disables File → Import….
func (m *menus) setImport(on bool) {
	if m.imp != nil {
		m.imp.Disabled = !on
		m.main.Refresh()
	}
}

// dataItems are the File menu's entries of this file, history.go and
// backups.go, made with item.
func (u *UI) dataItems(item func(string, fyne.Shortcut, func()) *fyne.MenuItem) []*fyne.MenuItem {
	var out []*fyne.MenuItem
	if u.opt.Import != nil {
		out = append(out, item("Import history…", nil, u.showHistory))
	}
	if u.opt.Data.Backups != nil {
		out = append(out, item("Backups…", nil, u.showBackups))
	}
	if u.opt.Data.Recover != nil {
		out = append(out, item("Recover…", nil, u.chooseRecover))
	}
	return out
}

// ReadOnly reports whether the window refuses changes because its
// database is damaged.
func (u *UI) ReadOnly() bool { return u.data.damage != nil }

// refusedHint says why edit refused a change.
func (u *UI) refusedHint() string {
	if u.data.damage != nil {
		return damagedHint
	}
	return busyHint
}

// emptyText is the title when no article is open.
func (u *UI) emptyText() string {
	if u.data.damage != nil {
		return "This database is damaged and open read-only: File → Recover… saves what can be read."
	}
	return "No articles yet: File → Import… adds some."
}

// showDamaged shows the damaged dialog: what is wrong, what the window
// does about it, and what the user can do.
func (u *UI) showDamaged() {
	msg := widget.NewLabel(damageText(u.data.damage))
	msg.Wrapping = fyne.TextWrapWord
	var d dialog.Dialog
	buttons := []fyne.CanvasObject{layout.NewSpacer()}
	if u.opt.Data.Backups != nil {
		buttons = append(buttons, widget.NewButton("Backups…", func() { d.Hide(); u.showBackups() }))
	}
	if u.opt.Data.Recover != nil {
		rec := widget.NewButton("Recover…", func() { d.Hide(); u.chooseRecover() })
		rec.Importance = widget.HighImportance
		buttons = append(buttons, rec)
	}
	buttons = append(buttons, widget.NewButton("Keep reading", func() { d.Hide() }))
	d = dialog.NewCustomWithoutButtons("This database is damaged", container.NewBorder(nil, container.NewHBox(buttons...), nil, nil, msg), u.win)
	d.Resize(fyne.NewSize(640, 340))
	u.showDialog(d, dialogCancel)
}

func damageText(err error) string {
	what := strings.TrimSuffix(err.Error(), "; nothing was changed")
	return what + ".\n\ntagdesk has opened it read-only: nothing you do is saved and nothing is imported into it, so that what it still holds stays as it is.\n\n" +
		"Recover… saves everything that can still be read into a new database and opens it. Backups… puts back a copy from an earlier day (the damaged file is kept)."
}

// chooseRecover asks where the recovered database is to go.
func (u *UI) chooseRecover() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.showError("choose the new database", err)
			return
		}
		if w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		u.recoverInto(path)
	}, u.win)
	d.SetFileName(strings.TrimSuffix(filepath.Base(u.opt.DBPath), filepath.Ext(u.opt.DBPath)) + "-recovered.db")
	u.place(d)
	u.showDialog(d, dialogCancel)
}

// recoverInto recovers the open database into dst behind a progress
// dialog, then offers to open dst.
func (u *UI) recoverInto(dst string) {
	src := u.opt.DBPath
	var saved string
	u.runBehind("Recover", func(ctx context.Context, progress func(float64)) (err error) {
		saved, err = u.opt.Data.Recover(ctx, src, dst)
		progress(1)
		return err
	}, false, func(err error) {
		if err != nil {
			u.alert(fmt.Errorf("Could not recover %s: %w\n\n%s is as it was.", src, err, src))
			return
		}
		d := dialog.NewConfirm("Recovered", fmt.Sprintf("%s\n\nOpen %s now?", saved, dst), func(ok bool) {
			if ok {
				u.openPath(dst)
			}
		}, u.win)
		d.SetConfirmText("Open it")
		d.SetDismissText("Not now")
		u.showDialog(d, dialogCancel)
	})
}

// openPath switches the window to the database at path.
func (u *UI) openPath(path string) {
	s, err := u.opt.OpenStore(path)
	if err != nil {
		u.alert(fmt.Errorf("Could not open %s: %w", path, err))
		return
	}
	u.setStore(s, path)
}
