package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/tagdesk/tagdesk/annotate"
)

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return fmt.Sprint(*l) }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func cmdImport(args []string, stderr io.Writer) error {
	fs := newFlags("import")
	dbPath := fs.String("db", "", "database file")
	annotator := fs.String("annotator", "", "annotator of the imported spans and statuses")
	format := fs.String("format", "", "format of the files: text, "+annotate.FormatNames()+" (default: told from each file)")
	offsets := fs.String("offsets", "", "offset unit of the files: codepoint or utf16 (default: the format's)")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usageErr("import needs at least one PATH")
	}
	if err := checkImportFlags(*format, *offsets); err != nil {
		return err
	}
	db, err := openDB(*dbPath, false)
	if err != nil {
		return err
	}
	defer db.Close()
	var bar *progressbar.ProgressBar
	job := importJob{Paths: paths, Annotator: *annotator, Format: *format, Offsets: *offsets,
		Warn: func(msg string) { fmt.Fprintf(stderr, "tagdesk: warning: %s\n", msg) },
		File: func(i, n int, file string) {
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
	total, err := runImport(context.Background(), db, job)
	if bar != nil {
		bar.Finish()
		fmt.Fprintln(stderr)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "imported %d article(s), %d span(s) from %d file(s)", total.Articles, total.Spans, total.Files)
	if total.Skipped > 0 {
		fmt.Fprintf(stderr, "; skipped %d rejected or ignored record(s)", total.Skipped)
	}
	if total.Warnings > 0 {
		fmt.Fprintf(stderr, "; %d warning(s)", total.Warnings)
	}
	fmt.Fprintln(stderr)
	return nil
}

// importJob is one import, as the command line and the window run it.
type importJob struct {
	Paths                      []string // files and folders
	Annotator, Format, Offsets string   // as annotate.ImportOptions has them
	Warn                       func(msg string)
	File                       func(i, n int, file string) // before file i of n
	Progress                   func(read, size int64)      // within the current file
}

// runImport imports the job's files one by one, each in one transaction:
// all of a file or nothing. It stops at the first bad file; the error
// then says how many files before it were imported.
func runImport(ctx context.Context, db annotate.Store, job importJob) (annotate.ImportResult, error) {
	var total annotate.ImportResult
	files, err := annotate.ExpandPaths(job.Paths)
	if err != nil {
		return total, err
	}
	sch, err := db.Schema(ctx)
	if err != nil {
		return total, err
	}
	for i, f := range files {
		if job.File != nil {
			job.File(i, len(files), f)
		}
		opt := annotate.ImportOptions{Schema: sch, Annotator: job.Annotator, Format: job.Format,
			Offsets: job.Offsets, Warn: job.Warn, Progress: job.Progress}
		res, err := importOne(ctx, db, f, opt)
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
func importOne(ctx context.Context, db annotate.Store, path string, opt annotate.ImportOptions) (annotate.ImportResult, error) {
	tx, err := db.BeginImport(ctx)
	if err != nil {
		return annotate.ImportResult{}, err
	}
	defer tx.Rollback()
	res, err := annotate.ImportFile(ctx, tx, path, opt)
	if err != nil {
		return res, err
	}
	return res, tx.Commit()
}

// checkImportFlags checks --format and --offsets of an import.
func checkImportFlags(format, offsets string) error {
	if offsets != "" && offsets != annotate.OffsetsCodepoint && offsets != annotate.OffsetsUTF16 {
		return usageErr("--offsets %q: want codepoint or utf16", offsets)
	}
	if format == "" || format == annotate.FormatText {
		if format == annotate.FormatText && offsets != "" {
			return usageErr("--offsets does not apply to --format text")
		}
		return nil
	}
	f, err := annotate.LookupFormat(format)
	if err != nil {
		return usageErr("%v", err)
	}
	if f.NewReader == nil {
		return usageErr("format %s is export only (its rows do not carry the text)", format)
	}
	if _, err := f.CheckOffsets(offsets); err != nil {
		return usageErr("%v", err)
	}
	return nil
}

func cmdExport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("export")
	dbPath := fs.String("db", "", "database file")
	format := fs.String("format", "jsonl", "output format: "+annotate.FormatNames())
	offsets := fs.String("offsets", "", "offset unit: codepoint or utf16, where the format allows (default: the format's)")
	overlap := fs.String("overlap", annotate.OverlapOuter, "overlapping spans in conll: outer (keep the outermost, warn) or error")
	annotator := fs.String("annotator", "", "only this annotator's work")
	out := fs.String("o", "", "output file, or folder for brat (default: standard output)")
	force := fs.Bool("force", false, "let a folder format (brat) replace the folder of an earlier export")
	var statuses, labels listFlag
	fs.Var(&statuses, "status", "only articles with this status (repeatable)")
	fs.Var(&labels, "label", "only spans with this label (repeatable)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErr("export takes no arguments (did you mean -o %s?)", pos[0])
	}
	f, err := annotate.LookupFormat(*format)
	if err != nil {
		return usageErr("%v", err)
	}
	if _, err := f.CheckOffsets(*offsets); err != nil {
		return usageErr("%v", err)
	}
	if *overlap != annotate.OverlapOuter && *overlap != annotate.OverlapError {
		return usageErr("--overlap %q: want outer or error", *overlap)
	}
	if f.Dir && (*out == "" || *out == "-") {
		return usageErr("--format %s writes a folder: give it with -o DIR", f.Name)
	}
	filter := annotate.ExportFilter{Annotator: *annotator, Labels: labels}
	for _, s := range statuses {
		st, err := annotate.ParseStatus(s)
		if err != nil {
			return usageErr("%v", err)
		}
		filter.Status = append(filter.Status, st)
	}
	db, err := openExistingDB(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	warnings := 0
	job := exportJob{Format: f.Name, Offsets: *offsets, Overlap: *overlap, Filter: filter, Out: *out, Force: *force,
		Warn: func(msg string) {
			warnings++
			fmt.Fprintf(stderr, "tagdesk: warning: %s\n", msg)
		}}
	// Ctrl-C cancels the export, so that its temporary file or folder is
	// removed rather than left behind.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	n, err := runExport(ctx, db, job, stdout)
	if err != nil {
		if ctx.Err() != nil && *out != "" && *out != "-" {
			return fmt.Errorf("export interrupted: %s is as it was", *out)
		} else if ctx.Err() != nil {
			return errors.New("export interrupted")
		}
		return err
	}
	if *out != "" && *out != "-" {
		fmt.Fprintf(stderr, "exported %d record(s) as %s to %s", n, f.Name, *out)
		if warnings > 0 {
			fmt.Fprintf(stderr, "; %d warning(s)", warnings)
		}
		fmt.Fprintln(stderr)
	} else if warnings > 0 {
		fmt.Fprintf(stderr, "tagdesk: %d warning(s)\n", warnings)
	}
	return nil
}

// exportJob is one export, as the command line and the window run it.
type exportJob struct {
	Format, Offsets, Overlap string
	Filter                   annotate.ExportFilter
	Out                      string // a file, or a folder for a folder format; "" or "-": standard output
	Force                    bool   // a folder format may replace a non-empty Out (see writeDir)
	Warn                     func(msg string)
	Record                   func(n int) // after each record written
}

// runExport writes what the job selects in its format: to a temporary
// file renamed to Out when complete, for a folder format to a temporary
// folder renamed to Out when complete (see writeDir), or to stdout. It
// returns the number of records written.
func runExport(ctx context.Context, db annotate.Store, job exportJob, stdout io.Writer) (int, error) {
	f, err := annotate.LookupFormat(job.Format)
	if err != nil {
		return 0, err
	}
	sch, err := db.Schema(ctx)
	if err != nil {
		return 0, err
	}
	opt := annotate.FormatOptions{Offsets: job.Offsets, Overlap: job.Overlap, Schema: sch, Warn: job.Warn}
	n := 0
	export := func(enc annotate.RecordWriter) error {
		err := db.Export(ctx, job.Filter, func(r *annotate.Record) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			n++
			if job.Record != nil {
				job.Record(n)
			}
			return enc.Encode(r)
		})
		if err != nil {
			return err
		}
		return enc.Close()
	}
	switch {
	case f.Dir:
		if job.Out == "" || job.Out == "-" {
			return 0, fmt.Errorf("%w: format %s writes a folder: name it", annotate.ErrInvalid, f.Name)
		}
		err := writeDir(job.Out, job.Force, job.Warn, func(dir string) error {
			enc, err := f.NewDirWriter(dir, opt)
			if err != nil {
				return err
			}
			return export(enc)
		})
		return n, err
	case f.NewWriter == nil:
		return 0, fmt.Errorf("%w: format %s cannot be exported", annotate.ErrInvalid, f.Name)
	}
	err = writeOutput(job.Out, stdout, func(w io.Writer) error { return export(f.NewWriter(w, opt)) })
	return n, err
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
