package app

import (
	"path/filepath"

	"fyne.io/fyne/v2"
)

// prefLastArticle, followed by the database's path, keeps the id of the
// article last opened in that database, so that a restart goes back to
// it.
const prefLastArticle = "lastArticle:"

// prefLastPlace, followed by the database's path, keeps the first code
// point in view of that article, so that a restart goes back to where the
// annotator was reading.
const prefLastPlace = "lastArticlePlace:"

// lastArticleKey is the preference key of the open database: its
// absolute path, so that the same database is found from any directory.
func (u *UI) lastArticleKey() string { return prefLastArticle + u.absDBPath() }

func (u *UI) lastPlaceKey() string { return prefLastPlace + u.absDBPath() }

func (u *UI) absDBPath() string {
	p, err := filepath.Abs(u.opt.DBPath)
	if err != nil {
		p = u.opt.DBPath
	}
	return p
}

// keepPlace keeps where the open article is read (the top code point in
// view): in the window for this session, and in the preferences for a
// restart, with the article as the database's last one.
func (u *UI) keepPlace() {
	if !u.notePlace() || u.opt.DBPath == "" {
		return
	}
	// On the write queue, not the UI goroutine: Fyne writes the whole
	// preferences file and syncs it to disk on every change, in the
	// goroutine that made it (1 ms to 170 ms on a busy disk, at every
	// Ctrl+PageDown). The queue runs its jobs in order, and the window's
	// close runs the last one.
	prefs, ka, kp := u.app.Preferences(), u.lastArticleKey(), u.lastPlaceKey()
	id, top := u.art.ID, u.places[u.art.ID]
	u.w.do(func() { setInts(prefs, map[string]int{ka: int(id), kp: top}) })
}

// setInts sets the preferences vals as one change where the preferences
// can take one (Fyne's own: WriteValues), else one at a time. Fyne saves
// the file once for a change and, for a second change within 100 ms,
// once more from the UI goroutine.
func setInts(prefs fyne.Preferences, vals map[string]int) {
	if w, ok := prefs.(interface{ WriteValues(func(map[string]any)) }); ok {
		w.WriteValues(func(m map[string]any) {
			for k, v := range vals {
				m[k] = v
			}
		})
		return
	}
	for k, v := range vals {
		prefs.SetInt(k, v)
	}
}

// notePlace keeps the open article's place for this session; it reports
// whether an article is open.
func (u *UI) notePlace() bool {
	if u.art == nil || u.places == nil {
		return false
	}
	u.places[u.art.ID] = u.view.TopPlace()
	return true
}

// lastPlace returns the kept place of the database's last article.
func (u *UI) lastPlace() int {
	if u.opt.DBPath == "" {
		return 0
	}
	return max(u.app.Preferences().Int(u.lastPlaceKey()), 0)
}

// lastArticle returns the article last opened in this database, when it
// is still in the list.
func (u *UI) lastArticle() (int64, bool) {
	if u.opt.DBPath == "" {
		return 0, false
	}
	id := int64(u.app.Preferences().Int(u.lastArticleKey()))
	if id <= 0 {
		return 0, false
	}
	if _, ok := u.list.locate(id); !ok {
		return 0, false
	}
	return id, true
}
