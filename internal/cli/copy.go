package cli

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/format"
	"github.com/tagdesk/tagdesk/storage"
	"github.com/tagdesk/tagdesk/storage/postgres"
)

// cmdInit creates tagdesk's tables in a PostgreSQL database (an SQLite
// file gets them when first opened): `tagdesk init --db URL`.
func cmdInit(args []string, stderr io.Writer) error {
	f := newFlags("init")
	if err := f.parseNone(args); err != nil {
		return err
	}
	if !postgres.IsURL(resolve(f.db)) {
		return usageErr("init needs --db postgres://…; an SQLite file is created by its first use")
	}
	db, err := postgres.Open(context.Background(), resolve(f.db))
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(stderr, "%s: tagdesk tables ready (schema version %d)\n", db.Name(), postgres.SchemaVersion)
	return nil
}

// cmdCopy moves a whole corpus into an empty tagdesk database, SQLite or
// PostgreSQL either way: `tagdesk copy --from DB --to DB`. See copyCorpus.
func cmdCopy(args []string, stderr io.Writer) error {
	f := newFlags("copy")
	from := f.String("from", "", "the database to copy (file or postgres:// URL)")
	to := f.String("to", "", "an empty or new database to copy into (file or postgres:// URL)")
	if err := f.parseNone(args); err != nil {
		return err
	}
	if *from == "" || *to == "" {
		return usageErr("copy needs --from DB and --to DB")
	}
	n, err := copyDatabases(context.Background(), *from, *to)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "copied %d articles, %d spans from %s to %s; both export the same (sha256 %x)\n",
		n.Articles, n.Spans, dbName(*from), dbName(*to), n.Sum[:8])
	if len(n.Carried) > 0 {
		fmt.Fprintf(stderr, "also copied: %s; both count the same suggestions by source and label\n", strings.Join(n.Carried, ", "))
	}
	fmt.Fprint(stderr, leftOutLine(dbName(*from), n.LeftOut))
	return nil
}

// copied is what a copy moved and the checksum of its export.
type copied struct {
	Articles, Spans int
	Sum             [32]byte
	Carried         []string // the pattern sets, suggestions and decisions it moved (copySuggestions)
	LeftOut         []string // what the copy does not move (leftOut)
}

// copyDatabases opens both databases and copies from into to. A new
// SQLite file that the copy could not fill is removed again.
func copyDatabases(ctx context.Context, from, to string) (copied, error) {
	src, err := openExistingDB(from)
	if err != nil {
		return copied{}, err
	}
	defer src.Close()
	_, statErr := os.Stat(to)
	newFile := !postgres.IsURL(to) && errors.Is(statErr, os.ErrNotExist)
	dst, err := openDB(to, false)
	if err != nil {
		return copied{}, err
	}
	n, err := copyCorpus(ctx, src, dst)
	dst.Close()
	if err != nil && newFile {
		for _, p := range []string{to, to + "-wal", to + "-shm"} {
			os.Remove(p)
		}
	}
	if err != nil {
		return n, fmt.Errorf("copy %s to %s: %w", dbName(from), dbName(to), err)
	}
	return n, nil
}

// copyCorpus copies the schema and every record of src into dst, which
// must hold no articles: one import, all or nothing. Then it checks that
// both hold the same counts and export the same native JSONL (sha256).
// Ids and timestamps are the destination's own.
func copyCorpus(ctx context.Context, src, dst annotate.Store) (copied, error) {
	var n copied
	if k, err := dst.CountArticles(ctx, annotate.ArticleFilter{}); err != nil {
		return n, err
	} else if k > 0 {
		return n, fmt.Errorf("the destination holds %d articles; copy only fills an empty database", k)
	}
	schema, err := src.Schema(ctx)
	if err != nil {
		return n, err
	}
	if err := dst.SetSchema(ctx, schema); err != nil {
		return n, err
	}
	tx, err := dst.BeginImport(ctx)
	if err != nil {
		return n, err
	}
	defer tx.Rollback()
	if err := src.Export(ctx, annotate.ExportFilter{}, func(r *annotate.Record) error { return tx.Put(ctx, r) }); err != nil {
		return n, err
	}
	if err := tx.Commit(); err != nil {
		return n, err
	}
	a, err := summary(ctx, src)
	if err != nil {
		return n, err
	}
	b, err := summary(ctx, dst)
	if err != nil {
		return n, err
	}
	if a.Articles != b.Articles || a.Spans != b.Spans || a.Sum != b.Sum {
		return a, fmt.Errorf("check after the copy failed: the source has %d articles, %d spans, export sha256 %x; the copy %d, %d, %x",
			a.Articles, a.Spans, a.Sum, b.Articles, b.Spans, b.Sum)
	}
	carried, ok, err := copySuggestions(ctx, src, dst)
	if err != nil {
		return a, fmt.Errorf("the records were copied, the suggestions not: %w", err)
	}
	a.Carried = carried
	a.LeftOut, err = leftOut(ctx, src, ok)
	return a, err
}

// summary counts a store's articles and spans and hashes its native JSONL
// export.
func summary(ctx context.Context, st annotate.Store) (copied, error) {
	var n copied
	stats, err := st.Stats(ctx)
	if err != nil {
		return n, err
	}
	n.Articles, n.Spans = stats.Articles, stats.Spans
	h := sha256.New()
	enc := format.NewJSONLEncoder(h)
	if err := st.Export(ctx, annotate.ExportFilter{}, enc.Encode); err != nil {
		return n, err
	}
	if err := enc.Close(); err != nil {
		return n, err
	}
	copy(n.Sum[:], h.Sum(nil))
	return n, nil
}

// backupPostgres writes a PostgreSQL database's corpus to a new tagdesk
// SQLite file, from one snapshot: `tagdesk backup --db URL OUT`.
func backupPostgres(ctx context.Context, url, out string, force bool) error {
	if _, err := os.Lstat(out); err == nil {
		if !force {
			return fmt.Errorf("back up to %s: %w (choose another name, or use --force to replace it)", out, storage.ErrExists)
		}
		if err := os.Remove(out); err != nil {
			return err
		}
	}
	_, err := copyDatabases(ctx, url, out)
	return err
}
