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
		Import:        guiImport,
		Export:        guiExport,
		ExportFormats: exportFormats(),
	}
}

// guiImport imports paths (files or folders) file by file, each all or
// nothing, like `tagdesk import`.
func guiImport(ctx context.Context, db annotate.Store, paths []string, annotator string, progress func(float64)) (annotate.ImportResult, error) {
	var total annotate.ImportResult
	files, err := annotate.ExpandPaths(paths)
	if err != nil {
		return total, err
	}
	sch, err := db.Schema(ctx)
	if err != nil {
		return total, err
	}
	for i, f := range files {
		opt := annotate.ImportOptions{Schema: sch, Annotator: annotator,
			Progress: func(read, size int64) {
				if size > 0 {
					progress((float64(i) + float64(read)/float64(size)) / float64(len(files)))
				}
			}}
		res, err := importOne(ctx, db, f, opt)
		if err != nil {
			if total.Files > 0 {
				return total, fmt.Errorf("%w\n(%d earlier file(s) were imported)", err, total.Files)
			}
			return total, err
		}
		total.Add(res)
	}
	progress(1)
	return total, nil
}

// guiExport writes what filter selects to path, like `tagdesk export -o`.
func guiExport(ctx context.Context, db annotate.Store, path, format string, filter annotate.ExportFilter, progress func(float64)) (int, error) {
	f, err := annotate.LookupFormat(format)
	if err != nil {
		return 0, err
	}
	if f.NewWriter == nil {
		return 0, fmt.Errorf("%w: format %s does not write a single file", annotate.ErrInvalid, format)
	}
	sch, err := db.Schema(ctx)
	if err != nil {
		return 0, err
	}
	st, err := db.Stats(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	err = writeOutput(path, nil, func(w io.Writer) error {
		enc := f.NewWriter(w, annotate.FormatOptions{Schema: sch})
		err := db.Export(ctx, filter, func(r *annotate.Record) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			n++
			if st.Articles > 0 && n%64 == 0 {
				progress(min(float64(n)/float64(st.Articles), 1))
			}
			return enc.Encode(r)
		})
		if err != nil {
			return err
		}
		return enc.Close()
	})
	progress(1)
	return n, err
}

// exportFormats names the registered formats that write one file (the
// folder formats, such as brat, are left to the command line).
func exportFormats() []string {
	var names []string
	for _, f := range annotate.Formats {
		if f.NewWriter != nil && !f.Dir {
			names = append(names, f.Name)
		}
	}
	return names
}
