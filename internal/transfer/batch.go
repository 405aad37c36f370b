package transfer

import (
	"context"
	"path/filepath"

	"github.com/tagdesk/tagdesk/annotate"
)

// store is the store an import writes one file into: BeginImport records
// the file in the import's batch when the store records batches
// (annotate.ImportRecorder), so that the whole import can be undone.
type store struct {
	annotate.Store
	batch *annotate.ImportBatch
	file  string
}

// begin returns db for importing file as part of batch.
func begin(db annotate.Store, batch *annotate.ImportBatch, file string) store {
	if abs, err := filepath.Abs(file); err == nil {
		file = abs
	}
	return store{Store: db, batch: batch, file: file}
}

// BeginImport begins the file's transaction, in its batch where the
// store records them.
func (s store) BeginImport(ctx context.Context) (annotate.ImportTx, error) {
	if r, ok := s.Store.(annotate.ImportRecorder); ok {
		return r.BeginImportBatch(ctx, s.batch, s.file)
	}
	return s.Store.BeginImport(ctx)
}
