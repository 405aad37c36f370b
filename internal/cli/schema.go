package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/assets"
)

// cmdSchema prints the schema in force or, with --set, loads one:
// `tagdesk schema [--set FILE]`; with --infer it prints one that covers
// what files of any importable format use: `tagdesk schema --infer PATH...`.
func cmdSchema(args []string, stdout, stderr io.Writer) error {
	f := newFlags("schema")
	set := f.String("set", "", "schema file (TOML or JSON) to load into the database")
	infer := f.Bool("infer", false, "print a schema that covers the labels, attributes and values the PATHs use")
	formatName := f.String("format", "", "with --infer: format of the files (default: told from each file)")
	noBackups := noBackupsFlag(f)
	paths, err := f.parse(args)
	if err != nil {
		return err
	}
	switch {
	case *infer && *set != "":
		return usageErr("schema: --infer and --set do not go together")
	case *infer && len(paths) == 0:
		return usageErr("schema --infer needs at least one PATH")
	case !*infer && len(paths) > 0:
		return usageErr("schema takes no arguments (schema --infer PATH... does)")
	case !*infer && *formatName != "":
		return usageErr("schema: --format goes with --infer")
	case *infer:
		return cmdInfer(paths, *formatName, f.db, stdout, stderr)
	}
	dbPath := &f.db
	if *set == "" && *dbPath == "" {
		if _, err := os.Stat(DefaultDBPath()); err != nil {
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
		if err := dailyBackup(*dbPath, *noBackups, stderr); err != nil {
			return err
		}
		open = func(path string) (annotate.Store, error) { return openDB(path, false) }
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

// cmdInfer prints the schema inferred from paths, extending the schema
// in force when the database exists (so that setting it drops nothing
// in use), and says on stderr what it read.
func cmdInfer(paths []string, formatName, dbPath string, stdout, stderr io.Writer) error {
	var base *annotate.Schema
	path := dbPath
	if path == "" {
		path = DefaultDBPath()
	}
	if _, err := os.Stat(path); err == nil {
		db, err := openExistingDB(dbPath)
		if err != nil {
			return err
		}
		base, err = db.Schema(context.Background())
		db.Close()
		if err != nil {
			return err
		}
	}
	sch, files, err := inferSchema(paths, formatName, base)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "# tagdesk label schema inferred from %s\n# load it with: tagdesk schema --set FILE\n\n", strings.Join(paths, " "))
	if _, err := stdout.Write(sch.TOML()); err != nil {
		return err
	}
	from := ""
	if base != nil {
		from = fmt.Sprintf(" (%d of them from the schema in force in %s)", len(base.Labels), path)
	}
	fmt.Fprintf(stderr, "inferred %d label(s)%s from %d file(s)\n", len(sch.Labels), from, files)
	return nil
}
