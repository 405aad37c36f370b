package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/format"
	"github.com/tagdesk/tagdesk/internal/transfer"
)

// cmdImport imports files and folders, each all or nothing:
// `tagdesk import [--annotator NAME] [--format F] [--offsets U] PATH...`.
func cmdImport(args []string, stderr io.Writer) error {
	f := newFlags("import")
	annotator := f.String("annotator", "", "annotator of the imported spans and statuses")
	formatName := f.String("format", "", "format of the files: text, "+format.Names()+" (default: told from each file)")
	offsets := f.String("offsets", "", "offset unit of the files: codepoint or utf16 (default: the format's)")
	noBackups := noBackupsFlag(f)
	undo := f.Int64("undo", 0, "take back the recorded import BATCH (tagdesk imports lists them)")
	force := f.Bool("force", false, "with --undo: also when later work depends on the import, which goes with it")
	paths, err := f.parse(args)
	if err != nil {
		return err
	}
	if *undo != 0 || *force {
		if *undo <= 0 || len(paths) > 0 {
			return usageErr("import --undo BATCH [--force] takes one batch id (tagdesk imports lists them) and no PATH")
		}
		return undoImport(f, *undo, *force, *noBackups, stderr)
	}
	if len(paths) == 0 {
		return usageErr("import needs at least one PATH")
	}
	if err := transfer.CheckImport(*formatName, *offsets); err != nil {
		return err
	}
	if err := dailyBackup(f.db, *noBackups, stderr); err != nil {
		return err
	}
	db, err := openDB(f.db, false)
	if err != nil {
		return err
	}
	defer db.Close()
	var bar *progressbar.ProgressBar
	cur := "the file"
	batch := &annotate.ImportBatch{}
	job := transfer.ImportJob{Paths: paths, Annotator: *annotator, Format: *formatName, Offsets: *offsets, Batch: batch,
		Warn: func(msg string) { fmt.Fprintf(stderr, "tagdesk: warning: %s\n", msg) },
		File: func(i, n int, file string) {
			cur = file
			if bar != nil {
				bar.Finish()
				fmt.Fprintln(stderr)
			}
			bar = newBar(stderr, file)
		},
		Progress: func(read, size int64) {
			if bar != nil {
				bar.ChangeMax64(size)
				bar.Set64(read)
			}
		}}
	total, err := transfer.Import(context.Background(), db, job)
	if bar != nil {
		bar.Finish()
		fmt.Fprintln(stderr)
	}
	if err != nil {
		db.Close() // the space of its write-ahead log is free again
		return diskFull(err, f.db, cur)
	}
	fmt.Fprintln(stderr, total.Summary())
	if batch.ID != 0 {
		fmt.Fprintf(stderr, "recorded as import %d (tagdesk import --undo %d takes it back)\n", batch.ID, batch.ID)
	}
	return nil
}

// newBar returns a progress bar on stderr when it is a terminal, else nil.
func newBar(stderr io.Writer, name string) *progressbar.ProgressBar {
	f, ok := stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return progressbar.NewOptions64(-1, progressbar.OptionSetWriter(stderr),
		progressbar.OptionShowBytes(true), progressbar.OptionSetDescription(filepath.Base(name)),
		progressbar.OptionThrottle(100_000_000))
}
