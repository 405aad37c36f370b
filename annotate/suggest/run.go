package suggest

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/tagdesk/tagdesk/annotate"
)

// Run is one bulk run of a Matcher over a store's articles.
type Run struct {
	Store    annotate.SuggestionStore
	Matcher  *Matcher
	Sources  []string          // the sources m's suggestions are of: the run replaces theirs
	AcceptAs string            // not empty: the suggestions become this annotator's spans
	Statuses []annotate.Status // only articles of these statuses for Annotator (none: all)
	// Annotator is whose status Statuses means.
	Annotator string
	// Progress, when not nil, is called after each article with the
	// articles done and the suggestions found so far.
	Progress func(articles, found int)
}

// Do matches every article on every core and stores what it finds in one
// transaction: all or nothing. It returns the articles and suggestions.
func (r *Run) Do(ctx context.Context) (articles, found int, err error) {
	tx, err := r.Store.BeginSuggestions(ctx, r.Sources, r.AcceptAs)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback()
	err = r.match(ctx, func(a *annotate.Article, sugs []annotate.Suggestion) error {
		articles++
		found += len(sugs)
		if r.Progress != nil {
			r.Progress(articles, found)
		}
		return tx.Put(ctx, a, sugs)
	})
	if err != nil {
		return 0, 0, err
	}
	return articles, found, tx.Commit()
}

// match matches each article on GOMAXPROCS goroutines and hands the
// results to put on the calling one.
func (r *Run) match(ctx context.Context, put func(*annotate.Article, []annotate.Suggestion) error) error {
	type result struct {
		a    *annotate.Article
		sugs []annotate.Suggestion
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	in := make(chan *annotate.Article, 64)
	out := make(chan result, 64)
	readErr := make(chan error, 1)
	go func() {
		defer close(in)
		readErr <- r.Store.EachArticle(ctx, r.Statuses, r.Annotator, func(a *annotate.Article) error {
			select {
			case in <- a:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := range in {
				sugs := r.Matcher.Match(a.Text)
				for i := range sugs {
					sugs[i].ArticleID = a.ID
				}
				select {
				case out <- result{a, sugs}:
				case <-ctx.Done():
				}
			}
		}()
	}
	go func() { wg.Wait(); close(out) }()
	var err error
	for res := range out {
		if err == nil {
			if err = put(res.a, res.sugs); err != nil {
				cancel()
			}
		}
	}
	if rerr := <-readErr; err == nil && rerr != nil {
		err = rerr
	}
	return err
}

// AddPatternSets adds every stored pattern set to b and returns their
// sources ("patterns:NAME"). A set is added from its compiled form; a
// set whose form is missing, of another build or damaged is compiled
// again from its file, and returned in recompiled with its new form, for
// the caller to store when it may write.
func AddPatternSets(ctx context.Context, ss annotate.SuggestionStore, b *Builder) (sources []string, recompiled []annotate.PatternSet, err error) {
	sets, err := ss.CompiledPatternSets(ctx)
	if err != nil {
		return nil, nil, err
	}
	var full []annotate.PatternSet // with their files, read if one is needed
	for i, s := range sets {
		src := annotate.SourcePatternsPrefix + s.Name
		sources = append(sources, src)
		if b.AddCompiled(src, s.Compiled) == nil {
			continue
		}
		if full == nil {
			if full, err = ss.PatternSets(ctx); err != nil {
				return nil, nil, err
			}
		}
		if i >= len(full) || full[i].Name != s.Name {
			return nil, nil, fmt.Errorf("%w: the pattern sets changed while read", annotate.ErrConflict)
		}
		s = full[i]
		ps, err := parsePatterns([]byte(s.Body), s.Name)
		if err != nil {
			return nil, nil, err
		}
		if s.Compiled, err = Compile(ps); err != nil {
			return nil, nil, err
		}
		if err := b.AddCompiled(src, s.Compiled); err != nil {
			return nil, nil, err
		}
		recompiled = append(recompiled, s)
	}
	return sources, recompiled, nil
}

// StoreRecompiled stores the pattern sets AddPatternSets compiled again,
// so that the next run loads them at once. It stores every one it can and
// returns what failed: the run goes on with the forms it compiled.
func StoreRecompiled(ctx context.Context, ss annotate.SuggestionStore, sets []annotate.PatternSet) error {
	var errs []error
	for _, ps := range sets {
		if err := ss.SetPatternSet(ctx, ps); err != nil {
			errs = append(errs, fmt.Errorf("%s%s: compiled for this run only, not stored: %w", annotate.SourcePatternsPrefix, ps.Name, err))
		}
	}
	return errors.Join(errs...)
}
