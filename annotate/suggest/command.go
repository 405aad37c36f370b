package suggest

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"sync"
	"time"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/format"
)

// Command is a model run as a program: it reads articles as native JSONL
// on its standard input and writes, for each article, one line of the
// same shape with the spans it proposes ("id" and "text" as sent;
// "annotator", "status", "meta" and span attributes are ignored). It may
// answer in any order, and may read every article before it answers.
type Command struct {
	Line    string        // the command line, run by sh -c
	Timeout time.Duration // longest wait for its next line (0: a minute)
	Stderr  io.Writer     // where its standard error goes (nil: discarded)
}

// Source returns the suggestions' source: "cmd:" and the command line.
func (c *Command) Source() string { return annotate.SourceCmdPrefix + c.Line }

type answer struct {
	rec  *annotate.Record
	line int
	err  error
}

// Run sends the articles that each yields and calls put with each
// answered article and its suggestions, checked against the article's
// text and schema (a bad offset, an unknown label, a text that is not the
// article's, an unknown or repeated id: an error naming the output line).
// The program must exit with status 0 having answered every article; one
// that crashes, exits early, or writes nothing for Timeout is stopped (the
// whole process group) and Run returns an error. On an error the caller
// must drop what put received (the store's transaction rolls back).
func (c *Command) Run(ctx context.Context, each func(yield func(*annotate.Article) error) error, schema *annotate.Schema,
	put func(a *annotate.Article, sugs []annotate.Suggestion) error) error {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := exec.Command("sh", "-c", c.Line)
	setGroup(cmd)
	cmd.Stderr = c.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("run %q: %w", c.Line, err)
	}
	name := fmt.Sprintf("output of %q", c.Line)
	killed, waited := false, false
	stop := func() {
		if !killed {
			killed = true
			killGroup(cmd)
		}
	}
	var wg sync.WaitGroup
	defer func() {
		stop()
		if !waited {
			cmd.Wait() // closes the pipes: both goroutines end
		}
		cancel()
		wg.Wait()
	}()

	// Articles sent and not answered yet, by id.
	sent := newPending()
	writeErr := make(chan error, 1)
	wg.Add(2)
	go func() {
		defer wg.Done()
		enc := format.NewJSONLEncoder(stdin)
		err := each(func(a *annotate.Article) error {
			if !sent.add(a) {
				return fmt.Errorf("%w: two articles with the id %q", annotate.ErrInvalid, a.ExtID)
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return enc.Encode(&annotate.Record{Article: *a})
		})
		if err == nil {
			err = enc.Close()
		}
		stdin.Close()
		writeErr <- err
	}()

	answers := make(chan answer)
	go func() {
		defer wg.Done()
		dec := format.NewJSONLDecoder(stdout, name)
		for {
			rec, err := dec.Next()
			select {
			case answers <- answer{rec, dec.Line(), err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()

	timer := time.NewTimer(timeout)
	defer timer.Stop()
	last := 0
	hung := func() error {
		stop()
		return &annotate.PosError{File: name, Line: last + 1, Err: fmt.Errorf("no answer for %v: stopped the command", timeout)}
	}
read:
	for {
		var ans answer
		select {
		case ans = <-answers:
		case <-timer.C:
			return hung()
		case <-ctx.Done():
			return ctx.Err()
		}
		timer.Reset(timeout)
		switch {
		case ans.err == io.EOF:
			break read
		case ans.err != nil:
			return ans.err
		}
		last = ans.line
		sugs, a, err := c.check(ans.rec, sent, schema)
		if err != nil {
			return &annotate.PosError{File: name, Line: ans.line, Err: err}
		}
		if err := put(a, sugs); err != nil {
			return err
		}
	}
	// The output has ended: the command should be exiting.
	var werr error
	select {
	case werr = <-writeErr:
	case <-timer.C:
		return hung()
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		waited = true
		if err != nil {
			return fmt.Errorf("%q failed: %w", c.Line, err)
		}
	case <-timer.C:
		err := hung()
		<-done
		waited = true
		return err
	}
	if werr != nil {
		return fmt.Errorf("send articles to %q: %w", c.Line, werr)
	}
	if n := sent.left(); n > 0 {
		return &annotate.PosError{File: name, Line: last + 1, Err: fmt.Errorf("%w: the command ended without answering %d article(s), the first %q", annotate.ErrInvalid, n, sent.first())}
	}
	return nil
}

// check turns one answer into suggestions of the article it answers.
func (c *Command) check(rec *annotate.Record, sent *pending, schema *annotate.Schema) ([]annotate.Suggestion, *annotate.Article, error) {
	a, status := sent.take(rec.Article.ExtID)
	switch status {
	case unknownID:
		return nil, nil, fmt.Errorf("%w: id %q is not an article that was sent", annotate.ErrInvalid, rec.Article.ExtID)
	case answeredID:
		return nil, nil, fmt.Errorf("%w: article %q answered twice", annotate.ErrInvalid, rec.Article.ExtID)
	}
	if rec.Article.Text != a.Text {
		return nil, nil, fmt.Errorf("%w: article %q: \"text\" is not the text that was sent", annotate.ErrInvalid, a.ExtID)
	}
	ix := annotate.NewIndex(a.Text)
	sugs := make([]annotate.Suggestion, 0, len(rec.Spans))
	for i, sp := range rec.Spans {
		s := annotate.Suggestion{ArticleID: a.ID, Source: c.Source(), Start: sp.Start, End: sp.End, Label: sp.Label, Canonical: sp.Canonical}
		check := annotate.Span{Start: sp.Start, End: sp.End, Label: sp.Label, Text: sp.Text}
		if err := check.Validate(ix, schema); err != nil {
			return nil, nil, fmt.Errorf("article %q: span %d: %w", a.ExtID, i+1, err)
		}
		sugs = append(sugs, s)
	}
	return sugs, a, nil
}
