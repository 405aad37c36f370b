package format

import (
	"fmt"

	"github.com/tagdesk/tagdesk/annotate"
)

// relationsLeftOut wraps the writer of a format that cannot hold
// relations (CoNLL, CSV): at Close it warns how many relations the
// records it wrote had, and in how many records.
type relationsLeftOut struct {
	RecordWriter
	format  string
	warn    func(string)
	n, recs int
}

func leavesOutRelations(w RecordWriter, format string, warn func(string)) RecordWriter {
	return &relationsLeftOut{RecordWriter: w, format: format, warn: warn}
}

func (w *relationsLeftOut) Encode(r *annotate.Record) error {
	if len(r.Relations) > 0 {
		w.n += len(r.Relations)
		w.recs++
	}
	return w.RecordWriter.Encode(r)
}

func (w *relationsLeftOut) Close() error {
	if w.n > 0 && w.warn != nil {
		w.warn(fmt.Sprintf("%d relation(s) of %d record(s) left out: %s cannot hold relations (export as jsonl, spacy, doccano, labelstudio or brat to keep them)", w.n, w.recs, w.format))
	}
	return w.RecordWriter.Close()
}
