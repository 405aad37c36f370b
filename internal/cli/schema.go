package cli

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/assets"
	"github.com/tagdesk/tagdesk/storage"
)

// cmdSchema prints the schema in force or, with --set, loads one:
// `tagdesk schema [--set FILE]`.
func cmdSchema(args []string, stdout io.Writer) error {
	f := newFlags("schema")
	set := f.String("set", "", "schema file (TOML or JSON) to load into the database")
	if err := f.parseNone(args); err != nil {
		return err
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
