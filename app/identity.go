package app

import "github.com/tagdesk/tagdesk/annotate"

// annotatorFor returns whose work the window shows and records on store:
// Options.Annotator when set; else the store's own user (a PostgreSQL
// store's role, annotate.Identified), which the database enforces in
// blind mode; else the name kept in the preferences.
func (u *UI) annotatorFor(store annotate.Store) string {
	if a := annotate.AnnotatorOf(store, u.opt.Annotator); a != "" {
		return a
	}
	return u.app.Preferences().String(prefAnnotator)
}
