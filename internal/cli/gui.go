package cli

import "io"

// cmdGUI opens the window: `tagdesk [--db FILE] [--no-backups]`. The
// default database is created and seeded with the sample article on first
// use, and so is a new --db file, so that the window never opens on
// nothing. Today's backup is made beside the window, never before its
// first frame; the program waits for it when the window closes.
func cmdGUI(args []string, stderr io.Writer, env Env) error {
	f := newFlags("tagdesk")
	noBackups := noBackupsFlag(f)
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErr("unknown command %q", pos[0])
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
	err = env.GUI(db, dbName(f.db))
	<-done
	return err
}
