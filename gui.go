package main

import (
	"context"
	"fmt"
	"os"
	"runtime"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/format"
	"github.com/tagdesk/tagdesk/app"
	"github.com/tagdesk/tagdesk/internal/cli"
	"github.com/tagdesk/tagdesk/internal/transfer"
	"github.com/tagdesk/tagdesk/storage"
	"github.com/tagdesk/tagdesk/storage/postgres"
)

// openWindow opens the window on db, whose file (or URL without its
// password) is dbPath, and returns when it is closed.
func openWindow(meta fyne.AppMetadata, db annotate.Store, dbPath string, w cli.Window) error {
	fyneapp.SetMetadata(meta)
	a := fyneapp.NewWithID(meta.ID)
	a.SetIcon(meta.Icon)
	opt := guiOptions(dbPath)
	opt.Version = versionText(meta)
	opt.Review, opt.Curator = w.Review, w.Curator
	ui, err := newUI(a, db, opt)
	if err != nil {
		return err
	}
	ui.Window().ShowAndRun()
	// The window's changes are written off its UI goroutine: wait for the
	// last (the app may have quit without closing the window).
	if err := ui.Wait(); err != nil {
		return fmt.Errorf("not saved: %w", err)
	}
	return nil
}

// newUI creates the window, or says why it cannot be created here.
func newUI(a fyne.App, db annotate.Store, opt app.Options) (ui *app.UI, err error) {
	if err := displayErr(runtime.GOOS, os.Getenv); err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			err = windowPanic(r, os.Getenv)
		}
	}()
	return app.New(a, db, opt), nil
}

// guiOptions connects the window to storage and to the import and export
// code the command line uses.
func guiOptions(dbPath string) app.Options {
	return app.Options{
		DBPath:    dbPath,
		Annotator: os.Getenv("TAGDESK_ANNOTATOR"),
		OpenStore: openStore,
		Import:    guiImport,
		Export:    guiExport,
		Data:      guiData,
	}
}

// openStore opens the database the window's File → Open names: a
// postgres:// or postgresql:// URL on PostgreSQL, else an SQLite file.
func openStore(path string) (annotate.Store, error) {
	if postgres.IsURL(path) {
		return postgres.Open(context.Background(), path)
	}
	return storage.Open(path)
}

// guiImport runs File → Import… as `tagdesk import` runs: file by file,
// each all or nothing.
func guiImport(ctx context.Context, db annotate.Store, req app.ImportRequest, progress func(float64)) (format.ImportResult, error) {
	cur, files := 0, 1
	job := transfer.ImportJob{Paths: req.Paths, Annotator: req.Annotator, Format: req.Format, Warn: req.Warn,
		File: func(i, n int, _ string) { cur, files = i, n },
		Progress: func(read, size int64) {
			if size > 0 {
				progress((float64(cur) + float64(read)/float64(size)) / float64(files))
			}
		}}
	res, err := transfer.Import(ctx, db, job)
	progress(1)
	return res, err
}

// guiExport runs File → Export… as `tagdesk export -o` runs. A folder
// format (brat) goes into the chosen folder when it is empty, else, since
// the folder dialog can only pick existing folders, into a new subfolder
// tagdesk-brat-YYYYMMDD-HHMMSS of it, which a warning names (transfer.WindowPath).
func guiExport(ctx context.Context, db annotate.Store, req app.ExportRequest, progress func(float64)) (int, error) {
	st, err := db.Stats(ctx)
	if err != nil {
		return 0, err
	}
	job := transfer.ExportJob{Format: req.Format, Filter: req.Filter, Out: transfer.WindowPath(req.Path, req.Format, req.Warn), Warn: req.Warn,
		Record: func(n int) {
			if st.Articles > 0 && n%64 == 0 {
				progress(min(float64(n)/float64(st.Articles), 1))
			}
		}}
	n, err := transfer.Export(ctx, db, job, nil)
	progress(1)
	return n, err
}
