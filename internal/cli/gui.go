package cli

// cmdGUI opens the window: `tagdesk [--db FILE]`. The default database is
// created and seeded with the sample article on first use, and so is a
// new --db file, so that the window never opens on nothing.
func cmdGUI(args []string, env Env) error {
	f := newFlags("tagdesk")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErr("unknown command %q", pos[0])
	}
	db, err := openDB(f.db, true)
	if err != nil {
		return err
	}
	defer db.Close()
	path := f.db
	if path == "" {
		path = DefaultDBPath()
	}
	return env.GUI(db, path)
}
