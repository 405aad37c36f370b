// Command tagdesk is a desktop tool for labelling spans of news articles
// (persons, organizations, measures, jurisdictions) and exporting them as
// JSONL. Without a subcommand it opens the window; the subcommands
// (internal/cli) import, export, count and configure a database from the
// command line. This package only wires the parts together: the only one
// that imports both the stores and Fyne's driver.
package main

import (
	"os"

	_ "github.com/tagdesk/tagdesk/internal/locale" // before Fyne reads the locale

	"github.com/tagdesk/tagdesk/internal/cli"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0"

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr, cli.Env{Version: version, GUI: openWindow}))
}
