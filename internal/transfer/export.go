package transfer

import (
	"context"
	"fmt"
	"io"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/format"
)

// ExportJob is one export, as the command line and the window run it.
type ExportJob struct {
	Format, Offsets, Overlap string
	Filter                   annotate.ExportFilter
	Out                      string // a file, or a folder for a folder format; "" or "-": standard output
	Force                    bool   // a folder format may replace a non-empty Out (see writeDir)
	Warn                     func(msg string)
	Record                   func(n int) // after each record written
}

// Export writes what the job selects in its format: to a temporary
// file renamed to Out when complete, for a folder format to a temporary
// folder renamed to Out when complete (see writeDir), or to stdout. It
// returns the number of records written.
func Export(ctx context.Context, db annotate.Store, job ExportJob, stdout io.Writer) (int, error) {
	f, err := format.Lookup(job.Format)
	if err != nil {
		return 0, err
	}
	sch, err := db.Schema(ctx)
	if err != nil {
		return 0, err
	}
	opt := format.Options{Offsets: job.Offsets, Overlap: job.Overlap, Schema: sch, Warn: job.Warn}
	n := 0
	export := func(enc format.RecordWriter) error {
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
	err = WriteOutput(job.Out, stdout, func(w io.Writer) error { return export(f.NewWriter(w, opt)) })
	return n, err
}
