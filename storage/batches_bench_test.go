package storage_test

import (
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/tagdesk/tagdesk/annotate/format"
	"github.com/tagdesk/tagdesk/storage"
)

// BenchmarkImportBatches imports the benchmark corpus (see BenchmarkImport)
// with the recording of import batches on and off, in turns within each
// iteration, so that both meet the same machine: recorded/unrecorded is
// the cost of recording. Target: at most 1.05.
//
//	go test ./storage -run '^$' -bench ImportBatches -benchtime 5x
func BenchmarkImportBatches(b *testing.B) {
	file, _, spans := benchCorpus(b, 0)
	dir := b.TempDir()
	var on, off time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for turn, record := range []bool{i%2 == 0, i%2 != 0} {
			t0 := time.Now()
			if err := importFileRecording(filepath.Join(dir, strconv.Itoa(2*i+turn)+".db"), file, record); err != nil {
				b.Fatal(err)
			}
			if record {
				on += time.Since(t0)
			} else {
				off += time.Since(t0)
			}
		}
	}
	b.ReportMetric(float64(spans)*float64(b.N)/on.Seconds(), "recorded-spans/s")
	b.ReportMetric(float64(spans)*float64(b.N)/off.Seconds(), "unrecorded-spans/s")
	b.ReportMetric(on.Seconds()/off.Seconds(), "recorded/unrecorded")
}

// importFileRecording is importFile with batches recorded or not.
func importFileRecording(dbPath, file string, record bool) error {
	db, err := storage.Open(dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	storage.RecordBatches(db, record)
	sch, err := db.Schema(ctx)
	if err != nil {
		return err
	}
	tx, err := db.BeginImport(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := format.ImportFile(ctx, tx, file, format.ImportOptions{Schema: sch, Format: "jsonl"}); err != nil {
		return err
	}
	return tx.Commit()
}
