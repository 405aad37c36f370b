package transfer

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/format"
	"github.com/tagdesk/tagdesk/storage"
)

// importDB imports another tagdesk database, told by its header, not its
// name: it is opened read-only and its records, as its Export gives
// them, go into one ImportTx, so the import's merge rules hold (articles
// by id, spans by offsets, label and annotator; an article whose text
// differs is refused) and it is all or nothing. Errors name path and,
// where there is one, the article.
func importDB(ctx context.Context, db store, path string, opt format.ImportOptions) (format.ImportResult, error) {
	res := format.ImportResult{Files: 1}
	fail := func(err error) (format.ImportResult, error) {
		var pe *annotate.PosError
		if errors.As(err, &pe) {
			return res, err
		}
		return res, &annotate.PosError{File: path, Err: err}
	}
	if same(db.Store, path) {
		return fail(fmt.Errorf("%w: is the database being imported into", annotate.ErrInvalid))
	}
	other, err := storage.OpenReadOnly(path)
	if err != nil {
		return fail(fmt.Errorf("%w (a database is imported when it is a tagdesk database)", err))
	}
	defer other.Close()
	tx, err := db.BeginImport(ctx)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	err = other.Export(ctx, annotate.ExportFilter{}, func(rec *annotate.Record) error {
		if opt.Annotator != "" {
			rec.Annotator = opt.Annotator
			for i := range rec.Spans {
				rec.Spans[i].Annotator = opt.Annotator
			}
		}
		if err := tx.Put(ctx, rec); err != nil {
			who := ""
			if rec.Annotator != "" {
				who = fmt.Sprintf(" (annotator %q)", rec.Annotator)
			}
			return &annotate.PosError{File: path, Err: fmt.Errorf("article %q%s: %w", rec.Article.ExtID, who, err)}
		}
		return nil
	})
	if err != nil {
		return fail(err)
	}
	res.ImportCounts = tx.Counts()
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	return res, nil
}

// same reports whether path is the file of db.
func same(db annotate.Store, path string) bool {
	p, ok := db.(interface{ Path() string })
	if !ok {
		return false
	}
	a, err1 := os.Stat(p.Path())
	b, err2 := os.Stat(path)
	return err1 == nil && err2 == nil && os.SameFile(a, b)
}
