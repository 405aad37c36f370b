// Command gencorpus writes tagdesk's deterministic benchmark corpus in the
// native JSONL: -n articles of about 3 KB, 20 spans each; with -three,
// each article three times, as alice, bob and carol labelled it (the
// agreement benchmark); with -relations N, each article with N relations
// between its spans (the relation benchmark: 10); with -patterns N, a
// pattern file of N phrase patterns instead (the suggestion benchmark:
// 100000).
//
//	go run ./cmd/gencorpus -n 20000 -o corpus.jsonl
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/tagdesk/tagdesk/internal/corpus"
)

func main() {
	n := flag.Int("n", 20000, "number of articles")
	out := flag.String("o", "-", "output file (- for standard output)")
	three := flag.Bool("three", false, "each article as three annotators labelled it")
	rels := flag.Int("relations", 0, "relations per article (the relation benchmark uses 10)")
	patterns := flag.Int("patterns", 0, "write a pattern file of this many phrase patterns instead")
	flag.Parse()
	gen := corpus.Write
	switch {
	case *patterns > 0:
		gen = func(w io.Writer, _ int) error { return corpus.WritePatterns(w, *patterns) }
	case *three && *rels > 0:
		fmt.Fprintln(os.Stderr, "gencorpus: -three and -relations do not go together")
		os.Exit(2)
	case *three:
		gen = corpus.WriteAnnotated
	case *rels > 0:
		gen = func(w io.Writer, n int) error { return corpus.WriteRelations(w, n, *rels) }
	}
	if err := run(*n, *out, gen); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}

func run(n int, out string, gen func(io.Writer, int) error) error {
	var w io.Writer = os.Stdout
	if out != "-" {
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		defer f.Close()
		bw := bufio.NewWriterSize(f, 1<<20)
		if err := gen(bw, n); err != nil {
			return err
		}
		if err := bw.Flush(); err != nil {
			return err
		}
		return f.Close()
	}
	return gen(w, n)
}
