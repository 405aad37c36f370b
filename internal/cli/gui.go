package cli

import (
	"io"
	"slices"
	"strings"
)

// cmdGUI opens the window: `tagdesk [--db FILE] [--no-backups]`. The
// default database is created and seeded with the sample article on first
// use, and so is a new --db file, so that the window never opens on
// nothing. Today's backup is made beside the window, never before its
// first frame; the program waits for it when the window closes.
func cmdGUI(args []string, stderr io.Writer, env Env) error {
	f := newFlags("tagdesk")
	noBackups := noBackupsFlag(f)
	review := f.String("review", "", "review these annotators' work (A,B,...)")
	gold := f.String("gold", "gold", "the annotator a review decides into")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErr("unknown command %q", pos[0])
	}
	w, err := windowArgs(*review, *gold)
	if err != nil {
		return err
	}
	db, err := openDB(f.db, true)
	if err != nil {
		// A damaged file the window shows read-only, with what to do.
		if db, err = standIn(err); err != nil {
			return err
		}
	}
	defer db.Close()
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := dailyBackup(f.db, *noBackups, stderr); err != nil {
			report(err, stderr)
		}
	}()
	err = env.GUI(db, dbName(f.db), w)
	<-done
	return err
}

// Window is what the command line asks of the window beyond the database.
type Window struct {
	Review  []string // annotators whose work a review compares (two or more), none for no review
	Curator string   // the annotator the review decides into
}

// windowArgs checks --review and --gold.
func windowArgs(review, gold string) (Window, error) {
	if review == "" {
		return Window{}, nil
	}
	var names []string
	for _, n := range strings.Split(review, ",") {
		if n = strings.TrimSpace(n); n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	gold = strings.TrimSpace(gold)
	switch {
	case len(names) < 2:
		return Window{}, usageErr("--review needs two annotators or more, as --review alice,bob")
	case gold == "":
		return Window{}, usageErr("--gold needs a name")
	case slices.Contains(names, gold):
		return Window{}, usageErr("--gold %q is one of the annotators reviewed; name the result apart", gold)
	}
	return Window{Review: names, Curator: gold}, nil
}
