// Package cli is tagdesk's command line: one file per subcommand, each
// parsed by one flag helper, all of them testable in process through Run.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/internal/transfer"
	"github.com/tagdesk/tagdesk/storage"
)

const usage = `usage: tagdesk [--db FILE]                       open the GUI
       tagdesk [--db FILE] --review A,B,... [--gold NAME]  open it reviewing A's, B's… work into NAME (gold)
       tagdesk import [--db FILE] [--annotator NAME] [--format F] [--offsets U] PATH...
                      (PATH: files, folders, or another tagdesk database, merged in)
       tagdesk imports [--db FILE]                     the recorded imports, oldest first, with their counts
       tagdesk import [--db FILE] --undo BATCH [--force]   take one back
       tagdesk export [--db FILE] [--format F] [--annotator NAME] [--status S]... [--label L]...
                      [--offsets U] [--overlap outer|error] [--skip-damaged] [-o FILE|DIR [--force]]
       tagdesk stats  [--db FILE]
       tagdesk schema [--db FILE] [--set FILE] [--guidelines FILE.md]
       tagdesk schema [--db FILE] --infer [--format F] PATH...   a schema that covers PATH's labels
       tagdesk backup [--db FILE] [--force] OUT       consistent copy, also while in use
       tagdesk backups [--db FILE]                     the everyday backups, oldest first, with their counts
       tagdesk restore [--db FILE] BACKUP              put a backup back (the state before is backed up first)
       tagdesk check  [--db FILE]                      integrity and offset checks
       tagdesk init   --db URL                         create tagdesk's tables in a PostgreSQL database
       tagdesk copy   --from DB --to DB                move a whole corpus into an empty database, checked
       tagdesk team   --db URL [--add NAME --role annotator|curator [--password-file FILE]] [--blind on|off]
                      the team of a PostgreSQL database: list, add a member, blind mode
       tagdesk assign [--db FILE] --annotators A,B,... [--per-article N] [--seed N]
                      spread the articles, N annotators each, balanced
       tagdesk agree  [--db FILE] [--annotators A,B,...] [--label L]... [--status S]...
                      [--format table|json|csv] [--worst N]   inter-annotator agreement
       tagdesk recover [--db FILE] [--force] -o NEW.db  save what a damaged database still holds
       tagdesk patterns [--db FILE] [--set FILE]        store a Prodigy/spaCy pattern file; list the stored ones
       tagdesk suggest [--db FILE] [--patterns] [--corpus] [--cmd CMD [--timeout D]] [--status S]...
                      [--annotator NAME [--accept [--imported]]]   pre-annotate: suggestions (or spans)
       tagdesk version

import, schema --set, assign and the window first copy a database that holds
data into NAME.backups/ once a day (--no-backups or TAGDESK_NO_BACKUPS=1: not).
FILE is an SQLite file, or a PostgreSQL database as postgres://USER@HOST/DB
(also in TAGDESK_DB; the password from PGPASSWORD, ~/.pgpass or the URL).

formats (--format F; an import tells it from the name and content if not given):
  jsonl        native JSONL, code points (also reads Prodigy/spaCy JSONL)
  spacy        Prodigy/spaCy JSONL with tokens, code points
  doccano      doccano sequence-labelling JSONL, UTF-16 code units
  labelstudio  Label Studio JSON export (an array of tasks), code points
  brat         brat standoff folder (NAME.txt + NAME.ann); export needs -o DIR,
               a new or empty folder (--force: replace an earlier export's)
  conll        CoNLL-2003-style IOB2 (import rebuilds the text from the tokens)
  csv          one span a row, for spreadsheets (export only)
  text         a .txt file is one article (import only)
offsets (--offsets U): codepoint or utf16, for doccano, labelstudio and csv`

// Env is what the command line needs from the program around it.
type Env struct {
	Version string
	// GUI opens the window on db, whose file is path (for PostgreSQL the
	// URL without its password), and returns when it is closed.
	GUI func(db annotate.Store, path string, w Window) error
}

// Run executes one command line and returns the exit status: 0 on
// success, 1 on an error, 2 on a usage error.
func Run(args []string, stdout, stderr io.Writer, env Env) int {
	cmd := ""
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "":
		err = cmdGUI(args, stderr, env)
	case "import":
		err = cmdImport(args, stderr)
	case "imports":
		err = cmdImports(args, stdout)
	case "export":
		err = cmdExport(args, stdout, stderr)
	case "stats":
		err = cmdStats(args, stdout)
	case "schema":
		err = cmdSchema(args, stdout, stderr)
	case "backup":
		err = cmdBackup(args, stderr)
	case "check":
		err = cmdCheck(args, stdout)
	case "backups":
		err = cmdBackups(args, stdout)
	case "restore":
		err = cmdRestore(args, stdout)
	case "init":
		err = cmdInit(args, stderr)
	case "copy":
		err = cmdCopy(args, stderr)
	case "team":
		err = cmdTeam(args, stdout, stderr)
	case "assign":
		err = cmdAssign(args, stdout, stderr)
	case "agree":
		err = cmdAgree(args, stdout)
	case "recover":
		err = cmdRecover(args, stdout)
	case "patterns":
		err = cmdPatterns(args, stdout)
	case "suggest":
		err = cmdSuggest(args, stderr)
	case "version":
		_, err = fmt.Fprintln(stdout, "tagdesk", env.Version)
	case "help":
		fmt.Fprintln(stdout, usage)
	default:
		err = usageErr("unknown command %q", cmd)
	}
	return report(err, stderr)
}

// errUsage marks a usage error: exit status 2 with the usage text.
type errUsage struct{ msg string }

func (e errUsage) Error() string { return e.msg }

func usageErr(format string, a ...any) error { return errUsage{fmt.Sprintf(format, a...)} }

// report prints err the way every command does and returns the exit status.
// Usage errors, the command line's own and those of the transfer service
// (an unknown format, say), exit 2 with the usage text.
func report(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var ue errUsage
	isUsage := errors.As(err, &ue)
	if !isUsage && errors.Is(err, transfer.ErrUsage) {
		ue.msg, isUsage = transfer.UsageText(err), true
	}
	if isUsage {
		if msg := ue.msg; msg != "" {
			fmt.Fprintf(stderr, "tagdesk: %s\n", msg)
		}
		fmt.Fprintln(stderr, usage)
		return 2
	}
	var de *storage.DamagedError
	if errors.As(err, &de) {
		fmt.Fprintf(stderr, "tagdesk: %v. Run tagdesk recover --db %s -o NEW.db to save what can be read, or restore a backup (tagdesk backups).\n", de, de.Path)
		if de.Hint != "" {
			fmt.Fprintf(stderr, "tagdesk: %s\n", de.Hint)
		}
		return 1
	}
	fmt.Fprintf(stderr, "tagdesk: %v\n", err)
	return 1
}

// flags is a subcommand's flag set. Every subcommand takes --db; flags may
// follow positional arguments (`tagdesk import a.jsonl --db x.db`); a bad
// flag is a usage error, never a print and exit.
type flags struct {
	*flag.FlagSet
	db string
}

func newFlags(name string) *flags {
	f := &flags{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError)}
	f.SetOutput(io.Discard)
	f.StringVar(&f.db, "db", "", "database file or postgres:// URL (default: $TAGDESK_DB, else the one in the user's data folder)")
	return f
}

// parse parses args and returns the positional ones.
func (f *flags) parse(args []string) ([]string, error) {
	var pos []string
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, usageErr("")
			}
			return nil, usageErr("%s: %v", f.Name(), err)
		}
		args = f.Args()
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

// parseNone parses args of a subcommand that takes no positional ones.
func (f *flags) parseNone(args []string) error {
	pos, err := f.parse(args)
	if err == nil && len(pos) > 0 {
		err = usageErr("%s takes no arguments", f.Name())
	}
	return err
}

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return fmt.Sprint(*l) }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// parseStatuses parses --status values; a bad one is a usage error.
func parseStatuses(values []string) ([]annotate.Status, error) {
	var out []annotate.Status
	for _, v := range values {
		st, err := annotate.ParseStatus(v)
		if err != nil {
			return nil, usageErr("%v", err)
		}
		out = append(out, st)
	}
	return out, nil
}
