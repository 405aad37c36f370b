// Command tagdesk is a desktop tool for labelling spans of news articles
// (persons, organizations, measures, jurisdictions) and exporting them as
// JSONL. Without a subcommand it opens the GUI; the subcommands import,
// export, count and configure a database from the command line.
package main

import (
	"fmt"
	"io"
	"os"

	_ "github.com/tagdesk/tagdesk/internal/locale" // before Fyne reads the locale
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0"

const usage = `usage: tagdesk [--db FILE]                       open the GUI
       tagdesk import [--db FILE] [--annotator NAME] [--format F] [--offsets U] PATH...
       tagdesk export [--db FILE] [--format F] [--annotator NAME] [--status S]... [--label L]...
                      [--offsets U] [--overlap outer|error] [-o FILE|DIR [--force]]
       tagdesk stats  [--db FILE]
       tagdesk schema [--db FILE] [--set FILE]
       tagdesk backup [--db FILE] [--force] OUT       consistent copy, also while in use
       tagdesk check  [--db FILE]                      integrity and offset checks
       tagdesk version

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

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command line and returns the exit status: 0 on
// success, 1 on an error, 2 on a usage error.
func run(args []string, stdout, stderr io.Writer) int {
	cmd := ""
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "":
		err = cmdGUI(args, stderr)
	case "import":
		err = cmdImport(args, stderr)
	case "export":
		err = cmdExport(args, stdout, stderr)
	case "stats":
		err = cmdStats(args, stdout)
	case "schema":
		err = cmdSchema(args, stdout)
	case "backup":
		err = cmdBackup(args, stderr)
	case "check":
		err = cmdCheck(args, stdout)
	case "version":
		_, err = fmt.Fprintln(stdout, "tagdesk", version)
	case "help":
		fmt.Fprintln(stdout, usage)
	default:
		err = usageErr("unknown command %q", cmd)
	}
	return report(err, stderr)
}
