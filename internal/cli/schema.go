package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/assets"
)

// cmdSchema prints the schema in force or, with --set, loads one:
// `tagdesk schema [--set FILE] [--guidelines FILE]`; with --infer it
// prints one that covers what files of any importable format use:
// `tagdesk schema --infer PATH...`.
func cmdSchema(args []string, stdout, stderr io.Writer) error {
	f := newFlags("schema")
	set := f.String("set", "", "schema file (TOML or JSON) to load into the database")
	guide := f.String("guidelines", "", "Markdown file of annotation guidelines to keep with the schema (an empty file removes them)")
	infer := f.Bool("infer", false, "print a schema that covers the labels, attributes and values the PATHs use")
	formatName := f.String("format", "", "with --infer: format of the files (default: told from each file)")
	noBackups := noBackupsFlag(f)
	paths, err := f.parse(args)
	if err != nil {
		return err
	}
	switch {
	case *infer && (*set != "" || *guide != ""):
		return usageErr("schema: --infer does not go with --set or --guidelines")
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
	writing := *set != "" || *guide != ""
	if !writing && *dbPath == "" {
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
	var text string
	if *guide != "" {
		if text, err = readGuidelines(*guide); err != nil {
			return err
		}
	}
	open := openExistingDB
	if writing {
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
	cur, err := db.Schema(ctx)
	if err != nil {
		return err
	}
	if !writing {
		return printSchema(stdout, cur)
	}
	if sch == nil {
		sch = cur
	} else if sch.Guidelines == "" {
		sch.Guidelines = cur.Guidelines // a schema file without its own keeps them
	}
	if *guide != "" {
		sch.Guidelines = text
	}
	if err := db.SetSchema(ctx, sch); err != nil {
		if *set == "" {
			return fmt.Errorf("%s: %w", *guide, err)
		}
		return fmt.Errorf("%s: %w", *set, err)
	}
	if *set != "" {
		fmt.Fprintf(stdout, "schema set: %d labels from %s\n", len(sch.Labels), *set)
	}
	switch {
	case *guide != "" && text == "":
		fmt.Fprintf(stdout, "guidelines removed (%s is empty)\n", *guide)
	case *guide != "":
		fmt.Fprintf(stdout, "guidelines set: %d lines from %s\n", lines(text), *guide)
	}
	return nil
}

// readGuidelines reads a Markdown file of guidelines: UTF-8 text, ""
// when it holds nothing but white space. Errors name the file.
func readGuidelines(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", &annotate.PosError{File: path, Err: err}
	}
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return "", &annotate.PosError{File: path, Err: fmt.Errorf("%w: guidelines must be UTF-8 text", annotate.ErrInvalid)}
	}
	text := strings.TrimPrefix(string(data), "\ufeff")
	if strings.TrimSpace(text) == "" {
		return "", nil
	}
	return text, nil
}

// printSchema writes the schema as TOML, without the guidelines' text:
// a comment says whether they are set. Loading the output with --set
// keeps them.
func printSchema(w io.Writer, sch *annotate.Schema) error {
	out := *sch
	if out.Guidelines != "" {
		fmt.Fprintf(w, "# guidelines: set, %d lines of Markdown (shown by Help → Guidelines; not printed here,\n"+
			"# kept by schema --set; tagdesk schema --guidelines FILE replaces them)\n\n", lines(out.Guidelines))
		out.Guidelines = ""
	}
	_, err := w.Write(out.TOML())
	return err
}

// lines counts the lines of text.
func lines(text string) int {
	return strings.Count(strings.TrimRight(text, "\n"), "\n") + 1
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
