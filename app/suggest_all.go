package app

import (
	"context"
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/suggest"
)

// decideEverywhere (Shift+A) finds, in the background, every place in
// the corpus where the current suggestion's text occurs and the
// annotator has neither a span of its label over it nor a decision on
// it, says how many there are, and on confirmation decides them all as
// one step of this article's undo history: accepted, or (reject)
// rejected.
func (u *UI) decideEverywhere(d annotate.Decision) {
	cur, ok := u.currentSuggestion()
	ss := u.suggestionStore()
	if !ok || ss == nil {
		u.bar.hint("N goes to a suggestion first.")
		return
	}
	text := u.ix.Slice(cur.Start, cur.End)
	var b suggest.Builder
	b.AddPhrase(cur.Source, suggest.Phrase{Text: text, Label: cur.Label, Canonical: cur.Canonical})
	m, err := b.Build()
	if err != nil || !u.life.enter() {
		return
	}
	store, who, ctx, art := u.store, u.annotator, u.ctx, u.art.ID
	u.bar.hint("Counting “" + clip(text, 30) + "” in the corpus…")
	go func() {
		defer u.life.leave()
		var sugs []annotate.Suggestion
		articles := 0
		err := ss.EachArticle(ctx, nil, "", func(a *annotate.Article) error {
			found := m.Match(a.Text)
			if len(found) == 0 {
				return nil
			}
			own, err := store.Spans(ctx, a.ID, who)
			if err != nil {
				return err
			}
			decided, err := ss.Decisions(ctx, a.ID, who)
			if err != nil {
				return err
			}
			for i := range found {
				found[i].ArticleID = a.ID
			}
			found = slices.DeleteFunc(found, func(s annotate.Suggestion) bool { return decided[s.Key()] != "" })
			if found = annotate.PendingSuggestions(found, own); len(found) > 0 {
				articles++
				sugs = append(sugs, found...)
			}
			return nil
		})
		fyne.Do(func() {
			switch {
			case u.closed:
			case err != nil:
				u.showError("count the suggestions", err)
			case len(sugs) == 0:
				u.bar.hint("Nothing left to decide for “" + clip(text, 30) + "”.")
			case u.art == nil || u.art.ID != art:
			default:
				u.confirmEverywhere(d, sugs, articles, text)
			}
		})
	}()
}

// rejectEverywhere (Ctrl+Shift+X) is decideEverywhere's rejection, for a
// store that keeps suggestions.
func (u *UI) rejectEverywhere() {
	if u.suggestionStore() != nil && u.art != nil {
		u.decideEverywhere(annotate.Rejected)
	}
}

func (u *UI) confirmEverywhere(d annotate.Decision, sugs []annotate.Suggestion, articles int, text string) {
	verb := "Accept"
	if d == annotate.Rejected {
		verb = "Reject"
	}
	art := u.art.ID
	label := sugs[0].Label
	u.askUndoable(dialog.NewConfirm(verb+" in the corpus",
		fmt.Sprintf("%s %d suggestions of “%s” as %s in %d articles?\nCtrl+Z in this article takes them all back.", verb, len(sugs), clip(text, 40), label, articles),
		func(ok bool) {
			if !ok || u.art == nil || u.art.ID != art {
				return
			}
			var spans []annotate.Span
			if d == annotate.Accepted {
				for _, s := range sugs {
					spans = append(spans, s.Span(u.annotator))
				}
			}
			ss, who := u.suggestionStore(), u.annotator
			step := fmt.Sprintf("%s %d suggestions in the corpus", verb, len(sugs))
			u.edit(step, func(ctx context.Context, h *History) error {
				return h.DecideSuggestions(ctx, ss, who, d, sugs, spans)
			}, func(err error) {
				if err == nil {
					u.bar.hint(step + ": Ctrl+Z undoes it.")
				}
			})
		}, u.win))
}
