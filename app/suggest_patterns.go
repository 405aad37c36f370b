package app

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	fynestorage "fyne.io/fyne/v2/storage"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/suggest"
)

// loadPatterns is File → Patterns…: it asks for a pattern file (JSONL in
// the Prodigy/spaCy shape), stores it as `tagdesk patterns --set` does,
// and matches every stored pattern set against the corpus on the
// window's writer (as `tagdesk suggest --patterns`), then shows the
// open article's suggestions.
func (u *UI) loadPatterns() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError("choose a pattern file", err)
			return
		}
		if r == nil {
			return
		}
		body, err := io.ReadAll(r)
		name := r.URI().Name()
		r.Close()
		if err == nil {
			err = u.storePatterns(name, body)
		}
		if err != nil {
			u.alert(fmt.Errorf("Could not load the pattern file: %w", err))
		}
	}, u.win)
	d.SetFilter(fynestorage.NewExtensionFileFilter([]string{".jsonl", ".json"}))
	u.place(d)
	u.showDialog(d, dialogCancel)
}

// storePatterns checks and stores a pattern file, then runs the pattern
// sets over the corpus in the background.
func (u *UI) storePatterns(name string, body []byte) error {
	ss := u.suggestionStore()
	if ss == nil {
		return fmt.Errorf("this database keeps no suggestions")
	}
	ps, err := suggest.ParsePatterns(bytes.NewReader(body), name)
	if err != nil {
		return err
	}
	if len(ps) == 0 {
		return &annotate.PosError{File: name, Err: suggest.ErrNoPatterns}
	}
	for _, p := range ps {
		if u.schema.Label(p.Label) == nil {
			return &annotate.PosError{File: name, Line: p.Line, Err: fmt.Errorf("%w: unknown label %q", annotate.ErrInvalid, p.Label)}
		}
	}
	compiled, err := suggest.Compile(ps)
	if err != nil {
		return err
	}
	if err := ss.SetPatternSet(u.ctx, annotate.PatternSet{Name: filepath.Base(name), Body: string(body), Patterns: len(ps), Compiled: compiled}); err != nil {
		return err
	}
	u.bar.hint(fmt.Sprintf("%s: %d patterns stored; matching the corpus…", name, len(ps)))
	ctx := u.ctx
	u.w.do(func() {
		var b suggest.Builder
		sources, recompiled, err := suggest.AddPatternSets(ctx, ss, &b)
		var notStored error // the run goes on without storing those forms
		if err == nil {
			notStored = suggest.StoreRecompiled(ctx, ss, recompiled)
		}
		articles, found := 0, 0
		if err == nil {
			var m *suggest.Matcher
			if m, err = b.Build(); err == nil {
				run := &suggest.Run{Store: ss, Matcher: m, Sources: sources}
				articles, found, err = run.Do(ctx)
			}
		}
		fyne.Do(func() {
			if u.closed {
				return
			}
			if err != nil {
				u.showError("match the patterns", err)
				return
			}
			msg := fmt.Sprintf("Patterns: %d suggestions in %d articles; N goes to the next.", found, articles)
			if notStored != nil {
				msg += " " + notStored.Error()
			}
			u.bar.hint(msg)
			u.loadSuggestions()
			u.list.reload()
		})
	})
	return nil
}

// StorePatterns is File → Patterns… with the file's name and content
// (for tests).
func (u *UI) StorePatterns(name string, body []byte) error { return u.storePatterns(name, body) }
