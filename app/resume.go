package app

import "path/filepath"

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
// restart, as the place of the database's last article.
func (u *UI) keepPlace() {
	if u.art == nil || u.places == nil {
		return
	}
	top := u.view.TopPlace()
	u.places[u.art.ID] = top
	if u.opt.DBPath != "" {
		u.app.Preferences().SetInt(u.lastPlaceKey(), top)
	}
}

// lastPlace returns the kept place of the database's last article.
func (u *UI) lastPlace() int {
	if u.opt.DBPath == "" {
		return 0
	}
	return max(u.app.Preferences().Int(u.lastPlaceKey()), 0)
}

// rememberArticle keeps id as the database's last opened article.
func (u *UI) rememberArticle(id int64) {
	if u.opt.DBPath != "" {
		u.app.Preferences().SetInt(u.lastArticleKey(), int(id))
	}
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
