package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/format"
	"github.com/tagdesk/tagdesk/internal/transfer"
)

// cmdExport writes the database, or what the filters select, in a format:
// `tagdesk export [--format F] [--annotator NAME] [--status S]... [-o OUT]`.
func cmdExport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("export")
	formatName := fs.String("format", "jsonl", "output format: "+format.Names())
	offsets := fs.String("offsets", "", "offset unit: codepoint or utf16, where the format allows (default: the format's)")
	overlap := fs.String("overlap", format.OverlapOuter, "overlapping spans in conll: outer (keep the outermost, warn) or error")
	annotator := fs.String("annotator", "", "only this annotator's work")
	out := fs.String("o", "", "output file, or folder for brat (default: standard output)")
	force := fs.Bool("force", false, "let a folder format (brat) replace the folder of an earlier export")
	var statuses, labels listFlag
	fs.Var(&statuses, "status", "only articles with this status (repeatable)")
	fs.Var(&labels, "label", "only spans with this label (repeatable)")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErr("export takes no arguments (did you mean -o %s?)", pos[0])
	}
	f, err := format.Lookup(*formatName)
	if err != nil {
		return usageErr("%v", err)
	}
	if _, err := f.CheckOffsets(*offsets); err != nil {
		return usageErr("%v", err)
	}
	if *overlap != format.OverlapOuter && *overlap != format.OverlapError {
		return usageErr("--overlap %q: want outer or error", *overlap)
	}
	if f.Dir && (*out == "" || *out == "-") {
		return usageErr("--format %s writes a folder: give it with -o DIR", f.Name)
	}
	filter := annotate.ExportFilter{Annotator: *annotator, Labels: labels}
	if filter.Status, err = parseStatuses(statuses); err != nil {
		return err
	}
	db, err := openExistingDB(fs.db)
	if err != nil {
		return err
	}
	defer db.Close()
	warnings := 0
	job := transfer.ExportJob{Format: f.Name, Offsets: *offsets, Overlap: *overlap, Filter: filter, Out: *out, Force: *force,
		Warn: func(msg string) {
			warnings++
			fmt.Fprintf(stderr, "tagdesk: warning: %s\n", msg)
		}}
	// Ctrl-C cancels the export, so that its temporary file or folder is
	// removed rather than left behind.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	n, err := transfer.Export(ctx, db, job, stdout)
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
