package app

import (
	"time"

	"fyne.io/fyne/v2"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/suggest"
)

// corpusSuggest is label propagation across the corpus in the window:
// a matcher of every string labelled in the store, built in the
// background when the store is opened, and the strings labelled in this
// window since. Each article is matched as it opens.
type corpusSuggest struct {
	m     *suggest.Matcher // nil until built
	store annotate.Store   // the store m was built from
	extra []suggest.Phrase // strings labelled since
	more  *suggest.Matcher // extra, built
	start *debounce        // starts the build
}

// corpusDelay is how long after the window (or a database) opens the
// corpus's matcher starts to be built: the first article opens at full
// speed, and a window opened for a moment builds nothing.
const corpusDelay = time.Second

// startCorpusSuggest builds the corpus's matcher in the background, a
// moment after the store opens.
func (u *UI) startCorpusSuggest() {
	if u.corpus.start != nil {
		u.corpus.start.stop()
	}
	u.corpus = corpusSuggest{}
	if u.suggestionStore() == nil {
		return
	}
	u.corpus.start = newDebounce(u, corpusDelay, u.buildCorpusSuggest)
	u.corpus.start.start()
}

func (u *UI) buildCorpusSuggest() {
	if !u.life.enter() {
		return
	}
	store, ss, ctx := u.store, u.suggestionStore(), u.ctx
	go func() {
		defer u.life.leave()
		var c suggest.Corpus
		err := ss.LabelledStrings(ctx, func(text, label, canonical string, n int) error {
			c.AddN(text, label, canonical, n)
			return nil
		})
		if err != nil {
			return // label propagation within an article still works
		}
		var b suggest.Builder
		for _, p := range c.Phrases() {
			b.AddPhrase(annotate.SourceCorpus, p)
		}
		m, err := b.Build()
		if err != nil {
			return
		}
		fyne.Do(func() {
			if u.store != store || u.closed {
				return
			}
			u.corpus.m, u.corpus.store = m, store
			if u.art != nil { // the open article's, added to what it shows
				u.addSuggestions(u.matchArticle(m))
			}
		})
	}()
}

// corpusLabelled adds a string labelled in this window to what later
// articles are matched with.
func (u *UI) corpusLabelled(text string, sp annotate.Span) {
	u.corpus.extra = append(u.corpus.extra, suggest.Phrase{Text: text, Label: sp.Label, Canonical: sp.Canonical})
	u.corpus.more = nil
}

// corpusMatches returns the corpus's suggestions in the open article.
func (u *UI) corpusMatches() []annotate.Suggestion {
	var out []annotate.Suggestion
	if u.corpus.more == nil && len(u.corpus.extra) > 0 {
		var b suggest.Builder
		for _, p := range u.corpus.extra {
			b.AddPhrase(annotate.SourceCorpus, p)
		}
		u.corpus.more, _ = b.Build()
	}
	for _, m := range []*suggest.Matcher{u.corpus.m, u.corpus.more} {
		out = append(out, u.matchArticle(m)...)
	}
	return out
}

// matchArticle returns m's suggestions in the open article.
func (u *UI) matchArticle(m *suggest.Matcher) []annotate.Suggestion {
	if m == nil || u.sugg.text == nil {
		return nil
	}
	out := m.MatchText(u.sugg.text)
	for i := range out {
		out[i].ArticleID = u.art.ID
	}
	return out
}
