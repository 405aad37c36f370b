// Package transfer runs imports and exports for the command line and the
// window alike: file by file, each all or nothing, and outputs that appear
// only when complete.
package transfer

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/format"
	"github.com/tagdesk/tagdesk/storage"
)

// ErrUsage marks an error in what the caller asked for (an unknown format,
// an offset unit the format does not allow), as opposed to one in the data.
var ErrUsage = errors.New("usage")

func usageErr(msg string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrUsage, fmt.Sprintf(msg, a...))
}

// ImportJob is one import, as the command line and the window run it.
type ImportJob struct {
	Paths                      []string // files and folders
	Annotator, Format, Offsets string   // as format.ImportOptions has them
	Warn                       func(msg string)
	File                       func(i, n int, file string) // before file i of n
	Progress                   func(read, size int64)      // within the current file
	// Batch, when set, receives the batch the import is recorded as, in
	// a store that records them (annotate.ImportRecorder); its ID stays 0
	// when no file was stored.
	Batch *annotate.ImportBatch
}

// Import imports the job's files one by one, each in one transaction:
// all of a file or nothing. It stops at the first bad file; the error
// then says how many files before it were imported.
func Import(ctx context.Context, db annotate.Store, job ImportJob) (format.ImportResult, error) {
	var total format.ImportResult
	files, err := format.ExpandPaths(job.Paths)
	if err != nil {
		return total, err
	}
	sch, err := db.Schema(ctx)
	if err != nil {
		return total, err
	}
	batch := job.Batch
	if batch == nil {
		batch = &annotate.ImportBatch{}
	}
	batch.Annotator = job.Annotator
	for i, f := range files {
		if job.File != nil {
			job.File(i, len(files), f)
		}
		opt := format.ImportOptions{Schema: sch, Annotator: job.Annotator, Format: job.Format,
			Offsets: job.Offsets, Warn: job.Warn, Progress: job.Progress}
		importer := importOne
		if storage.IsDatabase(f) {
			importer = importDB
		}
		res, err := importer(ctx, begin(db, batch, f), f, opt)
		if err != nil {
			if total.Files > 0 {
				return total, fmt.Errorf("%w\n(%d earlier file(s) were imported; nothing from %s)", err, total.Files, f)
			}
			return total, err
		}
		total.Add(res)
	}
	return total, nil
}

// importOne imports one file in one transaction: all of it or nothing.
func importOne(ctx context.Context, db store, path string, opt format.ImportOptions) (format.ImportResult, error) {
	tx, err := db.BeginImport(ctx)
	if err != nil {
		return format.ImportResult{}, err
	}
	defer tx.Rollback()
	res, err := format.ImportFile(ctx, tx, path, opt)
	if err != nil {
		return res, err
	}
	return res, tx.Commit()
}

// CheckImport checks an import's format and offset unit before anything is read;
// its errors wrap ErrUsage.
func CheckImport(name, offsets string) error {
	if offsets != "" && offsets != format.OffsetsCodepoint && offsets != format.OffsetsUTF16 {
		return usageErr("--offsets %q: want codepoint or utf16", offsets)
	}
	if name == "" || name == format.Text {
		if name == format.Text && offsets != "" {
			return usageErr("--offsets does not apply to --format text")
		}
		return nil
	}
	f, err := format.Lookup(name)
	if err != nil {
		return usageErr("%v", err)
	}
	if f.NewReader == nil {
		return usageErr("format %s is export only (its rows do not carry the text)", name)
	}
	if _, err := f.CheckOffsets(offsets); err != nil {
		return usageErr("%v", err)
	}
	return nil
}

// UsageText returns the message of a usage error without its "usage: "
// prefix.
func UsageText(err error) string {
	return strings.TrimPrefix(err.Error(), ErrUsage.Error()+": ")
}
