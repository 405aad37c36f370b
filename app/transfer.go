package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	fynestorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/format"
)

// This file holds File → Open database…, Import… and Export…. Imports
// and exports run off the UI goroutine behind a progress dialog with a
// Cancel button; the window stays responsive and a summary follows.

// openDatabase asks for a database file and switches to it.
func (u *UI) openDatabase() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError("choose a database", err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		s, err := u.opt.OpenStore(path)
		if err != nil {
			u.alert(fmt.Errorf("Could not open %s: %w\n\nChoose a tagdesk database (.db); the one open now stays open.", path, err))
			return
		}
		u.setStore(s, path)
	}, u.win)
	d.SetFilter(fynestorage.NewExtensionFileFilter([]string{".db", ".sqlite", ".sqlite3"}))
	u.place(d)
	u.showDialog(d, dialogCancel)
}

// place sizes a file dialog and opens it in the folder tagdesk was
// started from (where a user's data usually is), else in the home folder.
func (u *UI) place(d *dialog.FileDialog) {
	d.Resize(fyne.NewSize(900, 600))
	if wd, err := os.Getwd(); err == nil {
		if l, err := fynestorage.ListerForURI(fynestorage.NewFileURI(wd)); err == nil {
			d.SetLocation(l)
		}
	}
}

// autoFormat is the Import dialog's choice that tells each file's format
// from its name and content.
const autoFormat = "told from each file"

// importFiles asks for the format, whose work the import becomes, and a
// file or a folder, then imports it.
func (u *UI) importFiles() {
	names := []string{autoFormat, format.Text}
	for _, f := range format.All {
		if f.NewReader != nil {
			names = append(names, f.Name)
		}
	}
	pick := widget.NewSelect(names, nil)
	pick.SetSelected(autoFormat)
	mine := widget.NewCheck(fmt.Sprintf("Spans and statuses become %s's", u.annotator), nil)
	mine.SetChecked(true)
	var d dialog.Dialog
	start := func(path string) {
		req := ImportRequest{Paths: []string{path}}
		if pick.Selected != autoFormat {
			req.Format = pick.Selected
		}
		if mine.Checked {
			req.Annotator = u.annotator
		}
		u.startImport(req)
	}
	chooseFile := widget.NewButton("Choose a file…", func() {
		d.Hide()
		fd := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil {
				u.showError("choose a file", err)
				return
			}
			if r == nil {
				return
			}
			r.Close()
			start(r.URI().Path())
		}, u.win)
		fd.SetFilter(fynestorage.NewExtensionFileFilter(importExts(pick.Selected)))
		u.place(fd)
		u.showDialog(fd, dialogCancel)
	})
	chooseFolder := widget.NewButton("Choose a folder…", func() {
		d.Hide()
		u.chooseFolder(start)
	})
	body := container.NewVBox(
		widget.NewForm(widget.NewFormItem("Format", pick), widget.NewFormItem("Annotator", mine)),
		widget.NewLabel("A folder imports every .txt and .jsonl file in it, or a brat folder.\nUnchecked, spans keep the annotator named in the file."),
		container.NewGridWithColumns(2, chooseFile, chooseFolder))
	d = dialog.NewCustom("Import", "Cancel", body, u.win)
	u.showDialog(d, dialogCancel)
}

// importExts are the file name endings the Import file dialog shows.
func importExts(name string) []string {
	switch name {
	case autoFormat:
		return []string{".txt", ".jsonl", ".json", ".conll", ".iob", ".ann"}
	case format.Text:
		return []string{".txt"}
	case "conll":
		return []string{".conll", ".iob", ".txt"}
	}
	if f, err := format.Lookup(name); err == nil && f.Ext != "" {
		return []string{f.Ext}
	}
	return nil
}

func (u *UI) chooseFolder(then func(path string)) {
	fd := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil {
			u.showError("choose a folder", err)
			return
		}
		if l == nil {
			return
		}
		then(l.Path())
	}, u.win)
	u.place(fd)
	u.showDialog(fd, dialogCancel)
}

// warningList keeps the first warnings of a long job for its summary.
type warningList struct {
	mu   sync.Mutex
	list []string
	n    int
}

const shownWarnings = 8

func (w *warningList) add(msg string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.n++
	if len(w.list) < shownWarnings {
		w.list = append(w.list, msg)
	}
}

// summary lists the warnings kept, and how many more there were.
func (w *warningList) summary() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.n == 0 {
		return ""
	}
	s := fmt.Sprintf("\n\n%d warning(s):", w.n)
	for _, m := range w.list {
		s += "\n• " + clip(m, 160)
	}
	if w.n > len(w.list) {
		s += fmt.Sprintf("\n… and %d more (tagdesk import on the command line prints them all).", w.n-len(w.list))
	}
	return s
}

// startImport runs req behind a progress dialog and shows a summary.
func (u *UI) startImport(req ImportRequest) {
	if u.data.damage != nil { // never into a damaged file
		u.showDamaged()
		return
	}
	var warns warningList
	req.Warn = warns.add
	store := u.store
	title := "Importing " + filepath.Base(req.Paths[0])
	u.runLong(title, func(ctx context.Context, progress func(float64)) (string, error) {
		res, err := u.opt.Import(ctx, store, req, progress)
		if err != nil {
			return "", err
		}
		msg := res.Summary()
		return strings.ToUpper(msg[:1]) + msg[1:] + "." + warns.summary(), nil
	}, true, func() { u.checkGeneration() })
}

// exportFiles asks what to export and where, then exports.
func (u *UI) exportFiles() {
	var formats []string
	for _, f := range format.All {
		if f.NewWriter != nil || f.NewDirWriter != nil {
			formats = append(formats, f.Name)
		}
	}
	pick := widget.NewSelect(formats, nil)
	pick.SetSelected(formats[0])
	mine := widget.NewCheck(fmt.Sprintf("Only %s's work", u.annotator), nil)
	status := widget.NewSelect([]string{"every status", "done", "done and in progress"}, nil)
	status.SetSelected("every status")
	items := []*widget.FormItem{
		widget.NewFormItem("Format", pick),
		widget.NewFormItem("Annotator", mine),
		widget.NewFormItem("Articles", status),
	}
	u.showDialog(dialog.NewForm("Export", "Choose where…", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		req := ExportRequest{Format: pick.Selected}
		if mine.Checked {
			req.Filter.Annotator = u.annotator
		}
		switch status.Selected {
		case "done":
			req.Filter.Status = []annotate.Status{annotate.StatusDone}
		case "done and in progress":
			req.Filter.Status = []annotate.Status{annotate.StatusDone, annotate.StatusInProgress}
		}
		if f, err := format.Lookup(req.Format); err == nil && f.Dir {
			u.chooseFolder(func(path string) {
				req.Path = path
				u.startExport(req)
			})
			return
		}
		u.chooseExportFile(req)
	}, u.win), dialogCancel)
}

func (u *UI) chooseExportFile(req ExportRequest) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.showError("choose a file", err)
			return
		}
		if w == nil {
			return
		}
		req.Path = w.URI().Path()
		w.Close() // the exporter writes beside it and renames
		u.startExport(req)
	}, u.win)
	d.SetFileName("tagdesk-export" + exportExt(req.Format))
	u.place(d)
	u.showDialog(d, dialogCancel)
}

// startExport runs req behind a progress dialog and shows a summary.
func (u *UI) startExport(req ExportRequest) {
	var warns warningList
	req.Warn = warns.add
	store := u.store
	u.runLong("Exporting to "+filepath.Base(req.Path), func(ctx context.Context, progress func(float64)) (string, error) {
		n, err := u.opt.Export(ctx, store, req, progress)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("Exported %d record(s) as %s to\n%s", n, req.Format, req.Path) + warns.summary(), nil
	}, false, nil)
}

func exportExt(name string) string {
	if f, err := format.Lookup(name); err == nil && f.Ext != "" {
		return f.Ext
	}
	return "." + name
}

// runLong runs work on another goroutine behind a progress dialog with a
// Cancel button, then shows its summary (or its error) and calls after.
// An edit typed in the form is saved first. When work writes to the store
// (an import, which holds the store's only write connection until it
// ends), it starts once the window's queued changes are made, and the
// window refuses changes until it ends (see setBusy). Closing the window
// cancels work and waits for it.
func (u *UI) runLong(title string, work func(ctx context.Context, progress func(float64)) (string, error), writes bool, after func()) {
	var msg string
	u.runBehind(title, func(ctx context.Context, progress func(float64)) (err error) {
		msg, err = work(ctx, progress)
		return err
	}, writes, func(err error) {
		switch {
		case errors.Is(err, context.Canceled):
			u.info(title, "Cancelled: nothing from the unfinished file was kept.")
		case err != nil:
			u.alert(fmt.Errorf("%s failed:\n%w\n\nNothing from the failing file was kept; fix it and try again.", title, err))
		default:
			u.info(title, msg)
		}
		if after != nil {
			after()
		}
	})
}

// runBehind runs work as runLong does and hands its error to done, on the
// UI goroutine once the progress dialog is closed (not when the window
// closed meanwhile).
func (u *UI) runBehind(title string, work func(ctx context.Context, progress func(float64)) error, writes bool, done func(error)) {
	u.form.flush()
	if !u.life.enter() {
		return
	}
	if writes {
		u.setBusy(true)
	}
	ctx, cancel := context.WithCancel(u.quit)
	bar := widget.NewProgressBar()
	stop := widget.NewButton("Cancel", cancel)
	d := dialog.NewCustomWithoutButtons(title, container.NewVBox(bar, stop), u.win)
	d.Resize(fyne.NewSize(460, 140))
	u.showDialog(d, dialogHold)
	var last atomic.Int64
	progress := func(p float64) {
		now := time.Now().UnixMilli()
		if now-last.Load() < 100 && p < 1 { // at most ten redraws a second
			return
		}
		last.Store(now)
		fyne.Do(func() {
			if !u.closed {
				bar.SetValue(p)
			}
		})
	}
	go func() {
		defer u.life.leave()
		if writes {
			u.w.wait()
		}
		err := work(ctx, progress)
		cancel()
		fyne.Do(func() {
			if u.closed {
				return
			}
			if writes {
				u.setBusy(false)
			}
			d.Hide()
			done(err)
		})
	}()
}
