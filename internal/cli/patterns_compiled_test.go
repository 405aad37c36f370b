package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// storedSets returns the stored pattern sets.
func storedSets(t *testing.T, db string) []annotate.PatternSet {
	t.Helper()
	st, ss, err := openSuggestionStore(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sets, err := ss.PatternSets(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return sets
}

// TestPatternSetsKeptCompiled: patterns --set stores the set compiled; a
// set without its compiled form, or with one damaged or of another
// build, is compiled again by the next run, which finds the same and
// stores the new form for the runs after it.
func TestPatternSetsKeptCompiled(t *testing.T) {
	db := suggestDB(t)
	pf := write(t, t.TempDir(), "eu.jsonl", []byte(`{"label":"JURISDICTION","pattern":"European Union","id":"EU"}`+"\n"+
		`{"label":"JURISDICTION","pattern":"xinjiang"}`+"\n"+`{"label":"JURISDICTION","pattern":[{"ORTH":"EU"}],"id":"EU"}`+"\n"))
	if r := runCLI(t, "patterns", "--db", db, "--set", pf); r.code != 0 {
		t.Fatalf("patterns --set: %+v", r)
	}
	sets := storedSets(t, db)
	if len(sets) != 1 || !bytes.HasPrefix(sets[0].Compiled, []byte("tdpm")) {
		t.Fatalf("stored without its compiled form: %+v", sets)
	}
	compiled := sets[0].Compiled
	run := func(what string) string {
		t.Helper()
		r := runCLI(t, "suggest", "--db", db, "--patterns")
		if r.code != 0 || !strings.Contains(r.stderr, "4 suggestions in 2 articles stored") {
			t.Fatalf("suggest, %s: %+v", what, r)
		}
		return suggestions(t, db, "alice")
	}
	want := run("compiled")
	for _, c := range []struct {
		name string
		form []byte
	}{{"none", nil}, {"damaged", compiled[:len(compiled)-1]}, {"of another build", append([]byte("tdpm\x00\x00\x00\x00\x00\x00\x00\x00"), compiled[12:]...)}} {
		st, ss, err := openSuggestionStore(db)
		if err != nil {
			t.Fatal(err)
		}
		ps := sets[0]
		ps.Compiled = c.form
		if err := ss.SetPatternSet(context.Background(), ps); err != nil {
			t.Fatal(err)
		}
		st.Close()
		if got := run(c.name); got != want {
			t.Errorf("%s: found\n%s\nwant\n%s", c.name, got, want)
		}
		if got := storedSets(t, db)[0].Compiled; !bytes.Equal(got, compiled) {
			t.Errorf("%s: the run stored %d bytes, want the %d that patterns --set stored", c.name, len(got), len(compiled))
		}
	}
	if !strings.Contains(want, "a2 XINJIANG JURISDICTION patterns:eu.jsonl") {
		t.Errorf("found:\n%s", want)
	}
}
