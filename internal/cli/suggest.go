package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/suggest"
)

// cmdSuggest pre-annotates articles with suggestions: `tagdesk suggest
// [--patterns] [--corpus] [--cmd CMD] [--status S]... [--annotator NAME]
// [--accept] [--imported] [--timeout D]`. Each source's run is all or
// nothing, and replaces that source's earlier suggestions of the
// articles it covers.
func cmdSuggest(args []string, stderr io.Writer) error {
	f := newFlags("suggest")
	patterns := f.Bool("patterns", false, "match the stored pattern sets (tagdesk patterns)")
	corpus := f.Bool("corpus", false, "propose every string an annotator labelled wherever it occurs again")
	command := f.String("cmd", "", "a model command: reads articles as native JSONL on stdin, writes them back with spans")
	imported := f.Bool("imported", false, "with --accept: the spans imported without an annotator")
	var statusFlags listFlag
	f.Var(&statusFlags, "status", "only articles of this status for --annotator (repeatable)")
	annotator := f.String("annotator", "", "whose status --status means; with --accept, whose spans the suggestions become")
	accept := f.Bool("accept", false, "store the suggestions as --annotator's spans (a silver corpus) instead")
	timeout := f.Duration("timeout", time.Minute, "with --cmd: longest wait for the command's next line")
	if err := f.parseNone(args); err != nil {
		return err
	}
	statuses, err := parseStatuses(statusFlags)
	if err != nil {
		return err
	}
	switch {
	case !*patterns && !*corpus && *command == "" && !*imported:
		return usageErr("suggest needs a source: --patterns, --corpus, --cmd CMD (or --imported --accept)")
	case *accept && *annotator == "":
		return usageErr("suggest --accept needs --annotator NAME")
	case *imported && !*accept:
		return usageErr("suggest --imported needs --accept: the imported spans are every annotator's suggestions already")
	}
	acceptAs := ""
	if *accept {
		acceptAs = *annotator
	}
	db, ss, err := openSuggestionStore(f.db)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	r := &suggestRun{db: db, ss: ss, statuses: statuses, annotator: *annotator, acceptAs: acceptAs, stderr: stderr}
	if *patterns || *corpus {
		if err := r.matchRun(ctx, *patterns, *corpus); err != nil {
			return err
		}
	}
	if *imported {
		if err := r.importedRun(ctx); err != nil {
			return err
		}
	}
	if *command != "" {
		return r.commandRun(ctx, &suggest.Command{Line: *command, Timeout: *timeout, Stderr: stderr})
	}
	return nil
}

type suggestRun struct {
	db        annotate.Store
	ss        annotate.SuggestionStore
	statuses  []annotate.Status
	annotator string
	acceptAs  string
	stderr    io.Writer
}

// each calls fn with every article the run covers.
func (r *suggestRun) each(ctx context.Context, fn func(*annotate.Article) error) error {
	return r.ss.EachArticle(ctx, r.statuses, r.annotator, fn)
}

// store runs sources in one transaction: produce puts each article's
// suggestions; nothing is stored unless it returns nil.
func (r *suggestRun) store(ctx context.Context, sources []string, produce func(put func(*annotate.Article, []annotate.Suggestion) error) error) error {
	total, _ := r.db.CountArticles(ctx, annotate.ArticleFilter{Annotator: r.annotator, Status: r.statuses})
	tx, err := r.ss.BeginSuggestions(ctx, sources, r.acceptAs)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	p := newProgress(r.stderr, strings.Join(sources, ", "), total)
	articles, found := 0, 0
	err = produce(func(a *annotate.Article, sugs []annotate.Suggestion) error {
		articles++
		found += len(sugs)
		p.update(articles, found)
		return tx.Put(ctx, a, sugs)
	})
	p.done()
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	r.summary(sources, articles, found)
	return nil
}

// summary says what a run stored.
func (r *suggestRun) summary(sources []string, articles, found int) {
	verb := "stored"
	if r.acceptAs != "" {
		verb = "accepted as " + r.acceptAs + "'s spans"
	}
	fmt.Fprintf(r.stderr, "%s: %d suggestions in %d articles %s\n", strings.Join(sources, ", "), found, articles, verb)
}

// matchRun matches the stored pattern sets and the corpus's labelled
// strings, on every core, in one pass over the articles.
func (r *suggestRun) matchRun(ctx context.Context, patterns, corpus bool) error {
	var b suggest.Builder
	var sources []string
	if patterns {
		var err error
		var recompiled []annotate.PatternSet
		if sources, recompiled, err = suggest.AddPatternSets(ctx, r.ss, &b); err != nil {
			return fmt.Errorf("stored pattern set: %w", err)
		}
		if err := suggest.StoreRecompiled(ctx, r.ss, recompiled); err != nil {
			fmt.Fprintln(r.stderr, err)
		}
		if len(sources) == 0 {
			return errors.New("no pattern sets stored: tagdesk patterns --set FILE stores one")
		}
	}
	if corpus {
		var c suggest.Corpus
		err := r.ss.LabelledStrings(ctx, func(text, label, canonical string, n int) error {
			c.AddN(text, label, canonical, n)
			return nil
		})
		if err != nil {
			return err
		}
		for _, p := range c.Phrases() {
			b.AddPhrase(annotate.SourceCorpus, p)
		}
		sources = append(sources, annotate.SourceCorpus)
	}
	m, err := b.Build()
	if err != nil {
		return err
	}
	total, _ := r.db.CountArticles(ctx, annotate.ArticleFilter{Annotator: r.annotator, Status: r.statuses})
	p := newProgress(r.stderr, strings.Join(sources, ", "), total)
	run := &suggest.Run{Store: r.ss, Matcher: m, Sources: sources, AcceptAs: r.acceptAs, Statuses: r.statuses,
		Annotator: r.annotator, Progress: p.update}
	articles, found, err := run.Do(ctx)
	p.done()
	if err != nil {
		return err
	}
	r.summary(sources, articles, found)
	return nil
}

// importedRun turns the spans imported without an annotator into the
// annotator's own (--imported --accept).
func (r *suggestRun) importedRun(ctx context.Context) error {
	return r.store(ctx, []string{annotate.SourceImported}, func(put func(*annotate.Article, []annotate.Suggestion) error) error {
		return r.each(ctx, func(a *annotate.Article) error {
			spans, err := r.db.Spans(ctx, a.ID, "")
			if err != nil {
				return err
			}
			sugs := make([]annotate.Suggestion, len(spans))
			for i, sp := range spans {
				sugs[i] = annotate.Suggestion{ArticleID: a.ID, Source: annotate.SourceImported, Start: sp.Start, End: sp.End, Label: sp.Label, Canonical: sp.Canonical}
			}
			return put(a, sugs)
		})
	})
}

// commandRun runs a model command over the articles.
func (r *suggestRun) commandRun(ctx context.Context, c *suggest.Command) error {
	schema, err := r.db.Schema(ctx)
	if err != nil {
		return err
	}
	// The model's answers are kept until it has answered everything: a
	// slow model then never holds the database's write lock, which the
	// window's changes wait for.
	type answer struct {
		a    *annotate.Article
		sugs []annotate.Suggestion
	}
	var answers []answer
	total, _ := r.db.CountArticles(ctx, annotate.ArticleFilter{Annotator: r.annotator, Status: r.statuses})
	p := newProgress(r.stderr, c.Source(), total)
	found := 0
	err = c.Run(ctx, func(yield func(*annotate.Article) error) error { return r.each(ctx, yield) }, schema,
		func(a *annotate.Article, sugs []annotate.Suggestion) error {
			answers = append(answers, answer{a, sugs})
			found += len(sugs)
			p.update(len(answers), found)
			return nil
		})
	p.done()
	if err != nil {
		return err
	}
	return r.store(ctx, []string{c.Source()}, func(put func(*annotate.Article, []annotate.Suggestion) error) error {
		for _, x := range answers {
			if err := put(x.a, x.sugs); err != nil {
				return err
			}
		}
		return nil
	})
}
