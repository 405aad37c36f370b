package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/assets"
	"github.com/tagdesk/tagdesk/storage"
)

// errUsage marks a usage error: exit status 2 with the usage text.
type errUsage struct{ msg string }

func (e errUsage) Error() string { return e.msg }

func usageErr(format string, a ...any) error { return errUsage{fmt.Sprintf(format, a...)} }

// report prints err the way every command does and returns the exit status.
func report(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var ue errUsage
	if errors.As(err, &ue) {
		if ue.msg != "" {
			fmt.Fprintf(stderr, "tagdesk: %s\n", ue.msg)
		}
		fmt.Fprintln(stderr, usage)
		return 2
	}
	fmt.Fprintf(stderr, "tagdesk: %v\n", err)
	return 1
}

// newFlags returns a flag set that reports errors as usage errors instead
// of printing and exiting.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseFlags parses args, allowing flags after positional arguments
// (`tagdesk import a.jsonl --db x.db`), and returns the positional ones.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, usageErr("")
			}
			return nil, usageErr("%s: %v", fs.Name(), err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// defaultDBPath is $TAGDESK_DB, or tagdesk/tagdesk.db in the user's data
// directory ($XDG_DATA_HOME, else ~/.local/share).
func defaultDBPath() string {
	if p := os.Getenv("TAGDESK_DB"); p != "" {
		return p
	}
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			home = "."
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "tagdesk", "tagdesk.db")
}

// openDB opens the database at path (the default one when empty). A
// database that did not exist is created and, when seed is set or it is
// the default database, seeded with the bundled sample article.
func openDB(path string, seed bool) (*storage.DB, error) {
	if seed || path == "" {
		return openDBWith(path, seedSample)
	}
	return openDBWith(path, nil)
}

// openExistingDB opens the database at path for a command that only reads
// it: a mistyped --db is refused rather than created empty. The default
// database (path "") is created and seeded on first use as always.
func openExistingDB(path string) (*storage.DB, error) {
	if err := mustExist(path); err != nil {
		return nil, err
	}
	return openDB(path, false)
}

// mustExist refuses a --db path that names nothing. An empty path (the
// default database) passes.
func mustExist(path string) error {
	if path == "" {
		return nil
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%s: no such database (tagdesk import --db %s … creates one)", path, path)
	}
	return nil
}

// openDBWith opens the database at path (the default one when empty) and
// seeds it with seed when this call created it. A database whose seeding
// fails is removed again, with its -wal and -shm files: left unseeded, it
// would never be seeded later.
func openDBWith(path string, seed func(context.Context, annotate.Store) error) (*storage.DB, error) {
	if path == "" {
		path = defaultDBPath()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("create data folder: %w", err)
		}
	}
	_, statErr := os.Stat(path)
	isNew := errors.Is(statErr, os.ErrNotExist)
	db, err := storage.Open(path)
	if err != nil {
		return nil, err
	}
	if isNew && seed != nil {
		if err := seed(context.Background(), db); err != nil {
			db.Close()
			for _, p := range []string{path, path + "-wal", path + "-shm"} {
				os.Remove(p)
			}
			return nil, fmt.Errorf("seed %s: %w", path, err)
		}
	}
	return db, nil
}

// seedSample stores the bundled sample article, unlabelled.
func seedSample(ctx context.Context, db annotate.Store) error {
	tx, err := db.BeginImport(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	text := string(assets.SampleText)
	rec := &annotate.Record{Article: annotate.Article{
		ExtID: assets.SampleName, Title: annotate.TitleOf(text), Source: "sample", Text: text,
	}}
	if err := tx.Put(ctx, rec); err != nil {
		return err
	}
	return tx.Commit()
}

func cmdStats(args []string, stdout io.Writer) error {
	fs := newFlags("stats")
	dbPath := fs.String("db", "", "database file")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErr("stats takes no arguments")
	}
	db, err := openExistingDB(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := db.Stats(context.Background())
	if err != nil {
		return err
	}
	return writeStats(stdout, st)
}

func writeStats(w io.Writer, st *annotate.Stats) error {
	var b strings.Builder
	fmt.Fprintf(&b, "articles  %d\nspans     %d\n\nstatus (per article and annotator)\n", st.Articles, st.Spans)
	for _, s := range annotate.Statuses {
		fmt.Fprintf(&b, "  %-12s %d\n", s, st.ArticlesByStatus[s])
	}
	b.WriteString("\nspans by label\n")
	for _, l := range sortedKeys(st.SpansByLabel) {
		fmt.Fprintf(&b, "  %-12s %d\n", l, st.SpansByLabel[l])
	}
	if len(st.Annotators) > 0 {
		fmt.Fprintf(&b, "\nannotators: %s\n", strings.Join(st.Annotators, ", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func cmdSchema(args []string, stdout io.Writer) error {
	fs := newFlags("schema")
	dbPath := fs.String("db", "", "database file")
	set := fs.String("set", "", "schema file (TOML or JSON) to load into the database")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErr("schema takes no arguments")
	}
	if *set == "" && *dbPath == "" {
		if _, err := os.Stat(defaultDBPath()); err != nil {
			_, err = stdout.Write(assets.SchemaTOML)
			return err
		}
	}
	var sch *annotate.Schema
	if *set != "" {
		data, err := os.ReadFile(*set)
		if err != nil {
			return &annotate.PosError{File: *set, Err: err}
		}
		if sch, err = annotate.ParseSchema(*set, data); err != nil {
			return err
		}
	}
	open := openExistingDB
	if sch != nil {
		open = func(path string) (*storage.DB, error) { return openDB(path, false) }
	}
	db, err := open(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	if sch != nil {
		if err := db.SetSchema(ctx, sch); err != nil {
			return fmt.Errorf("%s: %w", *set, err)
		}
		fmt.Fprintf(stdout, "schema set: %d labels from %s\n", len(sch.Labels), *set)
		return nil
	}
	if sch, err = db.Schema(ctx); err != nil {
		return err
	}
	_, err = stdout.Write(sch.TOML())
	return err
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
