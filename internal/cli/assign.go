package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/agree"
)

// cmdAssign spreads the articles over annotators:
// `tagdesk assign --annotators a,b,c --per-article 2 [--seed N]`.
func cmdAssign(args []string, stdout, stderr io.Writer) error {
	f := newFlags("assign")
	names := f.String("annotators", "", "comma-separated annotator names")
	per := f.Int("per-article", 2, "annotators per article")
	seed := f.Uint64("seed", 0, "seed of the shuffle: the same seed makes the same plan (default: a new one, printed)")
	noBackups := noBackupsFlag(f)
	if err := f.parseNone(args); err != nil {
		return err
	}
	annotators := splitNames(*names)
	if len(annotators) == 0 {
		return usageErr("assign needs --annotators NAME,NAME,…")
	}
	if *per < 1 || *per > len(annotators) {
		return usageErr("--per-article %d: want 1 to %d, the number of annotators", *per, len(annotators))
	}
	seedSet := false
	f.Visit(func(fl *flag.Flag) { seedSet = seedSet || fl.Name == "seed" })
	if !seedSet {
		*seed = uint64(time.Now().UnixNano() % 1_000_000)
	}
	if err := mustExist(f.db); err != nil {
		return err
	}
	if err := dailyBackup(f.db, *noBackups, stderr); err != nil {
		return err
	}
	st, err := openExistingDB(f.db)
	if err != nil {
		return err
	}
	defer st.Close()
	db, ok := st.(annotate.Assigner)
	if !ok {
		return fmt.Errorf("%s: this database cannot take assignments", dbName(f.db))
	}
	ctx := context.Background()
	ids, err := db.ArticleIDs(ctx)
	if err != nil {
		return err
	}
	plan, err := agree.Assign(ids, annotators, *per, *seed)
	if err != nil {
		return usageErr("%v", err)
	}
	if err := db.Assign(ctx, plan.Articles); err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "assigned %d articles, %d annotators each (seed %d: --seed %d makes the same plan)\n\narticles per annotator\n", len(ids), *per, *seed, *seed)
	for i, a := range annotators {
		fmt.Fprintf(&b, "  %-12s %d\n", a, plan.Count[i])
	}
	if *per > 1 {
		b.WriteString("\narticles per pair (agreement is measured on these)\n")
		for i, a := range annotators {
			for j := i + 1; j < len(annotators); j++ {
				fmt.Fprintf(&b, "  %-25s %d\n", a+" + "+annotators[j], plan.Pairs[i][j])
			}
		}
	}
	_, err = io.WriteString(stdout, b.String())
	return err
}

// splitNames splits a comma-separated list, dropping blanks.
func splitNames(s string) []string {
	var out []string
	for _, n := range strings.Split(s, ",") {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}
