package main

import (
	"context"
	"fmt"
	"io"
	"os"

	fyneapp "fyne.io/fyne/v2/app"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/app"
	"github.com/tagdesk/tagdesk/storage"
)

func cmdGUI(args []string, stderr io.Writer) error {
	fs := newFlags("tagdesk")
	dbPath := fs.String("db", "", "database file")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErr("unknown command %q", pos[0])
	}
	db, err := openDB(*dbPath, true)
	if err != nil {
		return err
	}
	defer db.Close()
	a := fyneapp.NewWithID("io.github.tagdesk")
	path := *dbPath
	if path == "" {
		path = defaultDBPath()
	}
	ui := app.New(a, db, guiOptions(path))
	ui.Window().ShowAndRun()
	// The window's changes are written off its UI goroutine: wait for the
	// last (the app may have quit without closing the window).
	if err := ui.Wait(); err != nil {
		return fmt.Errorf("not saved: %w", err)
	}
	return nil
}

// guiOptions connects the window to storage and to the import and export
// code the command line uses.
func guiOptions(dbPath string) app.Options {
	return app.Options{
		Version:   version,
		DBPath:    dbPath,
		Annotator: os.Getenv("TAGDESK_ANNOTATOR"),
		OpenStore: func(path string) (annotate.Store, error) {
			return storage.Open(path)
		},
		Import: guiImport,
		Export: guiExport,
	}
}

// guiImport runs File → Import… as `tagdesk import` runs: file by file,
// each all or nothing.
func guiImport(ctx context.Context, db annotate.Store, req app.ImportRequest, progress func(float64)) (annotate.ImportResult, error) {
	cur, files := 0, 1
	job := importJob{Paths: req.Paths, Annotator: req.Annotator, Format: req.Format, Warn: req.Warn,
		File: func(i, n int, _ string) { cur, files = i, n },
		Progress: func(read, size int64) {
			if size > 0 {
				progress((float64(cur) + float64(read)/float64(size)) / float64(files))
			}
		}}
	res, err := runImport(ctx, db, job)
	progress(1)
	return res, err
}

// guiExport runs File → Export… as `tagdesk export -o` runs. A folder
// format (brat) goes into the chosen folder when it is empty, else, since
// the folder dialog can only pick existing folders, into a new subfolder
// tagdesk-brat-YYYYMMDD-HHMMSS of it, which a warning names (windowExportPath).
func guiExport(ctx context.Context, db annotate.Store, req app.ExportRequest, progress func(float64)) (int, error) {
	st, err := db.Stats(ctx)
	if err != nil {
		return 0, err
	}
	job := exportJob{Format: req.Format, Filter: req.Filter, Out: windowExportPath(req.Path, req.Format, req.Warn), Warn: req.Warn,
		Record: func(n int) {
			if st.Articles > 0 && n%64 == 0 {
				progress(min(float64(n)/float64(st.Articles), 1))
			}
		}}
	n, err := runExport(ctx, db, job, nil)
	progress(1)
	return n, err
}
