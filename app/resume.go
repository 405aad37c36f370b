package app

import "path/filepath"

// prefLastArticle, followed by the database's path, keeps the id of the
// article last opened in that database, so that a restart goes back to
// it.
const prefLastArticle = "lastArticle:"

// lastArticleKey is the preference key of the open database: its
// absolute path, so that the same database is found from any directory.
func (u *UI) lastArticleKey() string {
	p, err := filepath.Abs(u.opt.DBPath)
	if err != nil {
		p = u.opt.DBPath
	}
	return prefLastArticle + p
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
