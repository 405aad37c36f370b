// Package app is tagdesk's Fyne GUI. It talks to storage only through
// annotate.Store, so it is tested on Fyne's headless test driver with any
// store; it never imports database/sql or fyne.io/fyne/v2/app.
//
// The window is the annotation workspace: the article list (left), the
// article view (centre), the label form and the article's spans (right)
// and a status bar. Every change is one call to the Store, committed
// before the window shows it and the status bar says "saved"; there is no
// Save button. Changes go through a History (undo.go) per article, so all
// of them can be undone, and are written by the window's writer
// (writer.go) in the order they were made, off the UI goroutine: the
// window answers input while a change waits for the database.
package app

import (
	"context"
	"image/color"
	"sort"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/format"
	_ "github.com/tagdesk/tagdesk/internal/locale" // before Fyne reads the locale
)

// Options configure the window. The callbacks connect it to what package
// main owns (storage, the import and export drivers); a nil callback hides
// its menu entry.
type Options struct {
	Version string
	DBPath  string // shown in the title
	// Annotator, when set, is the annotator's name and no one is asked
	// (main passes $TAGDESK_ANNOTATOR). Otherwise the name kept in the
	// preferences is used, and asked for at the first start.
	Annotator string
	// OpenStore opens another database for File → Open database….
	OpenStore func(path string) (annotate.Store, error)
	// Import imports files and folders into the open store, each file all
	// or nothing (File → Import…). progress receives 0..1 from another
	// goroutine.
	Import func(ctx context.Context, store annotate.Store, req ImportRequest, progress func(float64)) (format.ImportResult, error)
	// Export writes what req selects (File → Export…) and returns the number
	// of records written.
	Export func(ctx context.Context, store annotate.Store, req ExportRequest, progress func(float64)) (int, error)
	// Poll is how often the window looks for changes by other processes
	// (Store.Generation): 0 means every 2 s, a negative value never.
	Poll time.Duration
	Data DataOptions // the damage check, recovery and backups (damaged.go)
	// Review, when it names two annotators or more, starts a review of
	// their work into the annotator Curator ("" is DefaultCurator) (review.go).
	Review  []string
	Curator string
}

// ImportRequest is what File → Import… asks for.
type ImportRequest struct {
	Paths     []string // files and folders
	Annotator string   // when set, the annotator of everything imported
	Format    string   // a name from format.All or "text"; "" tells it from each file
	Warn      func(msg string)
}

// ExportRequest is what File → Export… asks for.
type ExportRequest struct {
	Path   string // a file; a folder for a folder format (brat)
	Format string // a name from format.All
	Filter annotate.ExportFilter
	Warn   func(msg string)
}

// UI is the main window and the state its panels share. Its fields are
// touched on the UI goroutine only, but for w, lost and life, which are
// safe for any goroutine, and events, which the writer's goroutine owns;
// panels change them through its methods.
type UI struct {
	app   fyne.App
	win   fyne.Window
	store annotate.Store
	owned bool // store was opened by the window (File → Open) and is closed by it
	opt   Options
	ctx   context.Context // the store's calls: never cancelled, so queued changes are made

	// Saving (save.go).
	w          *writer
	events     *eventLog // what the Histories tell, kept on the writer's goroutine
	pending    int       // changes queued and not back yet
	failed     int       // changes that failed so far
	lost       lostErrors
	drafts     map[int64]*draft    // spans with edits queued, as those leave them
	adding     map[pendingAdd]bool // labels of selections being saved
	closed     bool
	life       life            // background goroutines
	quit       context.Context // imports and exports: cancelled at close
	cancelLong context.CancelFunc

	schema    *annotate.Schema
	colors    map[string]color.Color
	annotator string

	// The open article (art is nil when there is none).
	art       *annotate.Article
	ix        *annotate.Index
	spans     map[int64]annotate.Span // by current ID
	order     []int64                 // span IDs in text order
	status    annotate.Status
	flag      annotate.Flag // the annotator's flag on it (flag.go)
	picked    int64         // the span chosen for editing, 0 if none
	hist      *History
	histories map[int64]*History
	places    map[int64]int // the top code point in view of each article left, for this session (resume.go)
	gen       int64         // the store's generation the window has seen
	busy      bool          // an import from this window runs: changes are refused
	polled    int           // poll answers seen (tests wait for them)
	offline   bool          // the store cannot reach its database (live.go)

	title    *fitLabel
	view     *ArticleView
	list     *articleList
	form     *labelForm
	spanList *spanList
	bar      *statusBar
	find     *findBar
	palette  *palette
	keys     map[string]string // each label's key as its button shows it (labelkeys.go)
	chord    bool              // 0 was typed: the next key picks a label
	menus    *menus
	stopPoll func()    // ends the poll's goroutine and waits for it
	warm     *debounce // prepares the next article (warmnext.go)
	ahead    *openData // the next article, read ahead (warmnext.go)

	dialogs []*shownDialog // open, the top last (dialogs.go)
	data    dataState      // damage, import history and backups (damaged.go)

	rel    *relations    // the open article's relations (relations.go)
	rv     *review       // the review of several annotators' work (review.go)
	sugg   suggestUI     // suggest.go
	corpus corpusSuggest // suggest_corpus.go
}

// New builds the main window on a; show it with Window().ShowAndRun().
func New(a fyne.App, store annotate.Store, opt Options) *UI {
	u := &UI{app: a, store: store, opt: opt, ctx: context.Background(), histories: map[int64]*History{},
		w: newWriter(), events: &eventLog{}}
	u.quit, u.cancelLong = context.WithCancel(context.Background())
	u.win = a.NewWindow(u.windowTitle())
	u.annotator = u.annotatorFor(store)
	u.title = newFitLabel("", fyne.TextStyle{Bold: true})
	u.view = NewArticleView()
	u.view.OnSelect = u.selected
	u.view.OnPickSpan = u.pick
	u.view.OnLabelKey = func(k string) { u.typedRune(rune(k[0])) }
	u.view.OnRune = u.typedRune
	u.view.OnDelete = u.deletePicked
	u.view.OnBoundKey = u.moveBound
	u.view.OnSpanBounds = func(id int64, s, e int) {
		u.form.flush()
		if sp, ok := u.pickedSpan(); ok && sp.ID == id {
			u.setBounds(sp, s, e)
		}
	}
	u.view.OnKey = u.typedKey
	u.view.OnShortcut = u.shortcut
	u.rel = newRelations(u)
	u.bar = newStatusBar(u)
	u.form = newLabelForm(u)
	u.spanList = newSpanList(u)
	u.find = newFindBar(u)
	u.palette = newPalette(u)
	u.list = newArticleList(u)
	u.rv = newReview(u)
	u.menus = newMenus(u)
	u.warm = newDebounce(u, warmDelay, u.warmNext)

	centre := container.NewBorder(container.NewVBox(u.title, u.rv.bar.obj, u.find.obj), nil, nil, nil, u.view)
	right := container.NewVSplit(u.form.obj, u.spanList.obj)
	right.Offset = 0.55
	inner := container.NewHSplit(centre, right)
	inner.Offset = 0.68
	outer := container.NewHSplit(u.list.obj, inner)
	outer.Offset = 0.2
	u.win.SetContent(container.NewBorder(nil, u.bar.obj, nil, nil, newPanes(outer, inner)))
	u.win.SetMainMenu(u.menus.main)
	u.win.Resize(fyne.NewSize(1280, 860))
	u.registerKeys()
	u.applyViewPrefs()

	u.loadStore()
	u.checkStore()
	u.win.SetCloseIntercept(u.requestClose)
	u.win.SetOnClosed(u.close)
	if u.annotator == "" && len(opt.Review) == 0 { // a review works as its curator
		u.askAnnotator(false)
	}
	u.startPoll()
	if len(opt.Review) > 0 {
		u.startReview(opt.Review, opt.Curator)
	}
	return u
}

// Window returns the main window.
func (u *UI) Window() fyne.Window { return u.win }

const prefAnnotator = "annotator"

func (u *UI) windowTitle() string {
	if u.opt.DBPath == "" {
		return "tagdesk"
	}
	return "tagdesk — " + u.opt.DBPath
}

// loadStore reads the schema and fills the article list from the store in
// force, opening the article last worked on in it (resume.go), else the
// first one that is not done.
func (u *UI) loadStore() {
	sch, err := u.store.Schema(u.ctx)
	if err != nil {
		u.showError("read the label schema", err)
		sch = annotate.DefaultSchema()
	}
	u.setSchema(sch)
	u.gen, _ = u.store.Generation(u.ctx)
	u.art, u.hist, u.histories = nil, nil, map[int64]*History{}
	u.drafts, u.adding, u.places = map[int64]*draft{}, map[pendingAdd]bool{}, map[int64]int{}
	u.list.showQueue()
	u.list.reload()
	u.startCorpusSuggest()
	if id, ok := u.lastArticle(); ok {
		u.places[id] = u.lastPlace()
		u.open(id)
	} else if id, ok := u.list.nextOpen(0); ok {
		u.open(id)
	} else if id, ok := u.list.first(); ok {
		u.open(id)
	} else {
		u.clearArticle()
	}
}

func (u *UI) setSchema(sch *annotate.Schema) {
	u.schema = sch
	u.colors = map[string]color.Color{}
	for _, l := range sch.Labels {
		c, err := annotate.ParseColor(l.Color)
		if err == nil {
			u.colors[l.Name] = c
		}
	}
	u.view.SetColors(u.colors)
	u.keys = labelKeys(sch)
	u.form.setSchema(sch)
	u.find.setSchema(sch)
	u.rel.schemaChanged()
}

// setStore replaces the store (File → Open database…). Changes queued
// for the old store are made first; an old store the window opened
// itself is closed after them.
func (u *UI) setStore(s annotate.Store, path string) {
	u.form.flush()
	old, owned := u.store, u.owned
	u.store, u.owned = s, true
	u.opt.DBPath = path
	u.win.SetTitle(u.windowTitle())
	u.annotator = u.annotatorFor(s)
	u.stopPolling()
	u.loadStore()
	u.checkStore()
	u.startPoll()
	if owned {
		u.w.do(func() { old.Close() })
	}
}

// clearArticle shows that no article is open.
func (u *UI) clearArticle() {
	u.art, u.ix, u.hist = nil, nil, nil
	u.spans, u.order, u.picked = map[int64]annotate.Span{}, nil, 0
	u.title.SetText(u.emptyText())
	u.view.SetArticle("", nil)
	u.rel.clear()
	u.spanList.refresh()
	u.form.refresh()
	u.bar.refresh()
}

// open shows the article with the given id with the annotator's spans,
// at the place it was left at in this session.
func (u *UI) open(id int64) {
	u.form.flush()
	u.notePlace()
	d, ok := u.takeAhead(id)
	if !ok {
		var what string
		var err error
		if d, what, err = u.readOpen(id); err != nil {
			u.showError(what, err)
			return
		}
	}
	if d.flagErr != nil {
		u.bar.hint("Could not read your flag on this article: " + d.flagErr.Error())
	}
	a, spans := d.art, d.spans
	u.art, u.status, u.picked, u.flag = a, d.status, 0, d.flag
	u.spans = make(map[int64]annotate.Span, len(spans))
	u.order = make([]int64, len(spans))
	vs := make([]ViewSpan, len(spans))
	for i, sp := range spans {
		u.spans[sp.ID] = sp
		u.order[i] = sp.ID
		vs[i] = ViewSpan{ID: sp.ID, Start: sp.Start, End: sp.End, Label: sp.Label}
	}
	sort.SliceStable(u.order, func(i, j int) bool { return u.less(u.order[i], u.order[j]) })
	if u.hist = u.histories[id]; u.hist == nil {
		u.hist = NewHistory(u.store, u.events)
		u.histories[id] = u.hist
	}
	title := a.Title
	if title == "" {
		title = a.ExtID
	}
	u.title.SetText(title)
	u.view.SetArticle(a.Text, vs)
	u.view.SetTopPlace(u.places[id])
	u.ix = u.view.Index() // one index of the text for the view and the window
	u.rel.load(d.rels, d.relErr)
	u.list.showOpen(id)
	u.keepPlace() // and id as the last article
	u.spanList.refresh()
	u.form.refresh()
	u.find.articleChanged()
	u.loadSuggestions()
	u.bar.refresh()
	u.rv.articleOpened()
	u.win.Canvas().Focus(u.view)
	u.warm.start()
}

// less orders spans by (start, end, label, id): the text order.
func (u *UI) less(a, b int64) bool {
	x, y := u.spans[a], u.spans[b]
	if c := annotate.CompareSpans(&x, &y); c != 0 {
		return c < 0
	}
	return a < b
}

// View returns the article view (for tests and benchmarks).
func (u *UI) View() *ArticleView { return u.view }

// PointOf returns where on the window's canvas code point cp of the open
// article is drawn, a little inside its glyph, so that tests and
// benchmarks can drag and tap on text.
func (u *UI) PointOf(cp int) fyne.Position {
	v := u.view
	li := v.m.lineOf(cp)
	y := viewPadY + float32(li)*v.lm.lineH - v.offset + v.lm.textTop + v.lm.textH/2
	p := fyne.NewPos(viewPadX+v.m.xOf(li, cp)+2, y)
	return u.app.Driver().AbsolutePositionForObject(v).Add(p)
}

// OpenArticle opens the article with the given id, as a click in the list does.
func (u *UI) OpenArticle(id int64) { u.open(id) }
