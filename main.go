// Command tagdesk is a desktop tool for labelling spans of news articles
// (persons, organizations, measures, jurisdictions) and exporting them as
// JSONL. Without a subcommand it opens the window; the subcommands
// (internal/cli) import, export, count and configure a database from the
// command line. This package only wires the parts together: the only one
// that imports both the stores and Fyne's driver.
package main

import (
	"fmt"
	"os"

	_ "github.com/tagdesk/tagdesk/internal/locale" // before Fyne reads the locale

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/internal/cli"
)

// build is the source revision, set at build time with
// -ldflags "-X main.build=...".
var build = ""

func main() {
	meta, err := metadata()
	if err != nil {
		fmt.Fprintln(os.Stderr, "tagdesk:", err)
		os.Exit(1)
	}
	gui := func(db annotate.Store, path string, w cli.Window) error { return openWindow(meta, db, path, w) }
	stop := startProfile()
	limitMemory(os.Args[1:])
	code := cli.Run(os.Args[1:], os.Stdout, os.Stderr, cli.Env{Version: versionText(meta), GUI: gui})
	stop()
	os.Exit(code)
}
