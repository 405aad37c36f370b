package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	fynestorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/annotate"
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
			dialog.ShowError(fmt.Errorf("Could not open %s: %w\n\nChoose a tagdesk database (.db); the one open now stays open.", path, err), u.win)
			return
		}
		u.setStore(s, path)
	}, u.win)
	d.SetFilter(fynestorage.NewExtensionFileFilter([]string{".db", ".sqlite", ".sqlite3"}))
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// importFiles asks for a file (.jsonl or .txt), then imports it.
func (u *UI) importFiles() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError("choose a file", err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		u.confirmImport([]string{path})
	}, u.win)
	d.SetFilter(fynestorage.NewExtensionFileFilter([]string{".jsonl", ".txt"}))
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// confirmImport asks whose spans the imported ones become, then imports.
func (u *UI) confirmImport(paths []string) {
	mine := widget.NewCheck(fmt.Sprintf("Imported spans and statuses become %s's", u.annotator), nil)
	mine.SetChecked(true)
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = filepath.Base(p)
	}
	body := container.NewVBox(widget.NewLabel("Import "+strings.Join(names, ", ")+"?"), mine,
		widget.NewLabel("Unchecked, they keep the annotator named in the file."))
	dialog.ShowCustomConfirm("Import", "Import", "Cancel", body, func(ok bool) {
		if !ok {
			return
		}
		who := ""
		if mine.Checked {
			who = u.annotator
		}
		store := u.store
		u.runLong("Importing "+strings.Join(names, ", "), func(ctx context.Context, progress func(float64)) (string, error) {
			res, err := u.opt.Import(ctx, store, paths, who, progress)
			if err != nil {
				return "", err
			}
			msg := fmt.Sprintf("Imported %d article(s) and %d span(s) from %d file(s).", res.Articles, res.Spans, res.Files)
			if res.Skipped > 0 {
				msg += fmt.Sprintf("\nSkipped %d record(s).", res.Skipped)
			}
			if res.Warnings > 0 {
				msg += fmt.Sprintf("\n%d warning(s): run `tagdesk import` on the file to read them.", res.Warnings)
			}
			return msg, nil
		}, func() { u.checkGeneration() })
	}, u.win)
}

// exportFiles asks what to export and where, then exports.
func (u *UI) exportFiles() {
	formats := u.opt.ExportFormats
	if len(formats) == 0 {
		formats = []string{"jsonl"}
	}
	format := widget.NewSelect(formats, nil)
	format.SetSelected(formats[0])
	mine := widget.NewCheck(fmt.Sprintf("Only %s's work", u.annotator), nil)
	status := widget.NewSelect([]string{"every status", "done", "done and in progress"}, nil)
	status.SetSelected("every status")
	items := []*widget.FormItem{
		widget.NewFormItem("Format", format),
		widget.NewFormItem("Annotator", mine),
		widget.NewFormItem("Articles", status),
	}
	dialog.ShowForm("Export", "Choose file…", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		var f annotate.ExportFilter
		if mine.Checked {
			f.Annotator = u.annotator
		}
		switch status.Selected {
		case "done":
			f.Status = []annotate.Status{annotate.StatusDone}
		case "done and in progress":
			f.Status = []annotate.Status{annotate.StatusDone, annotate.StatusInProgress}
		}
		u.chooseExportFile(format.Selected, f)
	}, u.win)
}

func (u *UI) chooseExportFile(format string, f annotate.ExportFilter) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.showError("choose a file", err)
			return
		}
		if w == nil {
			return
		}
		path := w.URI().Path()
		w.Close() // the exporter writes beside it and renames
		store := u.store
		u.runLong("Exporting to "+filepath.Base(path), func(ctx context.Context, progress func(float64)) (string, error) {
			n, err := u.opt.Export(ctx, store, path, format, f, progress)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("Exported %d record(s) to\n%s", n, path), nil
		}, nil)
	}, u.win)
	d.SetFileName("tagdesk-export." + exportExt(format))
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

func exportExt(format string) string {
	switch format {
	case "jsonl", "spacy", "prodigy", "doccano":
		return "jsonl"
	case "labelstudio":
		return "json"
	}
	return format
}

// runLong runs work on another goroutine behind a progress dialog with a
// Cancel button, then shows its summary (or its error) and calls after.
func (u *UI) runLong(title string, work func(ctx context.Context, progress func(float64)) (string, error), after func()) {
	ctx, cancel := context.WithCancel(u.ctx)
	bar := widget.NewProgressBar()
	stop := widget.NewButton("Cancel", cancel)
	d := dialog.NewCustomWithoutButtons(title, container.NewVBox(bar, stop), u.win)
	d.Resize(fyne.NewSize(460, 140))
	d.Show()
	var last atomic.Int64
	progress := func(p float64) {
		now := time.Now().UnixMilli()
		if now-last.Load() < 100 && p < 1 { // at most ten redraws a second
			return
		}
		last.Store(now)
		fyne.Do(func() { bar.SetValue(p) })
	}
	go func() {
		msg, err := work(ctx, progress)
		cancel()
		fyne.Do(func() {
			d.Hide()
			switch {
			case errors.Is(err, context.Canceled):
				dialog.ShowInformation(title, "Cancelled: nothing from the unfinished file was kept.", u.win)
			case err != nil:
				dialog.ShowError(fmt.Errorf("%s failed:\n%w\n\nNothing from the failing file was kept; fix it and try again.", title, err), u.win)
			default:
				dialog.ShowInformation(title, msg, u.win)
			}
			if after != nil {
				after()
			}
		})
	}()
}
