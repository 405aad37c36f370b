package storage

// RecordBatches turns the recording of import batches on or off for db
// (the benchmarks' side-by-side baseline).
func RecordBatches(db *DB, on bool) { db.noBatches = !on }
