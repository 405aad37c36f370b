package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/tagdesk/tagdesk/annotate"
)

// progress is a suggestion run's progress line on a terminal: articles
// done of the total, and suggestions found. Elsewhere it prints nothing.
type progress struct {
	bar *progressbar.ProgressBar
	w   io.Writer
}

func newProgress(stderr io.Writer, name string, total int) *progress {
	f, ok := stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return &progress{}
	}
	return &progress{w: stderr, bar: progressbar.NewOptions(total, progressbar.OptionSetWriter(stderr),
		progressbar.OptionSetDescription(name), progressbar.OptionShowCount(),
		progressbar.OptionThrottle(100_000_000), progressbar.OptionSetItsString("articles"))}
}

func (p *progress) update(articles, found int) {
	if p.bar == nil {
		return
	}
	p.bar.Describe(fmt.Sprintf("%d suggestions", found))
	p.bar.Set(articles)
}

func (p *progress) done() {
	if p.bar != nil {
		p.bar.Finish()
		fmt.Fprintln(p.w)
	}
}

// writeSuggestionStats writes, per source and label, the suggestions
// accepted and rejected and the precision that gives.
func writeSuggestionStats(w io.Writer, st []annotate.SourceStats) error {
	if len(st) == 0 {
		return nil
	}
	fmt.Fprintf(w, "\nsuggestions by source and label: accepted / rejected (precision), waiting\n")
	for _, s := range st {
		prec := "   -  "
		if p := s.Precision(); p >= 0 {
			prec = fmt.Sprintf("%5.1f%%", 100*p)
		}
		if _, err := fmt.Fprintf(w, "  %-28s %-14s %6d / %-6d (%s)  %d\n", s.Source, s.Label, s.Accepted, s.Rejected, prec, s.Pending); err != nil {
			return err
		}
	}
	return nil
}
