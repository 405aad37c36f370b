package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// TestSchemaInfer: a foreign corpus imports in two commands. The built
// binary's schema --infer prints a schema for a brat folder, a doccano,
// a Prodigy, a Label Studio and a CoNLL file; schema --set loads it into
// a new database and the same file then imports with no error.
func TestSchemaInfer(t *testing.T) {
	tests := []struct {
		path   string
		labels []string // labels the schema must have, in order
	}{
		{filepath.Join("..", "..", "annotate", "format", "testdata", "brat", "standoff-full"), []string{"PERSON", "ORG", "JURISDICTION", "MEASURE"}},
		{filepath.Join("testdata", "infer", "v1.8.1+_text-label-Comments.all.jsonl"), nil},
		{filepath.Join("testdata", "infer", "spans.manual_db-out.jsonl"), nil},
		{filepath.Join("testdata", "infer", "v1.0-1.3_json-export_utf16.json"), nil},
		{filepath.Join("testdata", "infer", "conll2003_4col_iob1.conll"), nil},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "new.db")
			r := tagdesk(t, "schema", "--db", db, "--infer", tt.path)
			if r.code != 0 {
				t.Fatalf("infer: exit %d: %s", r.code, r.stderr)
			}
			sch, err := annotate.ParseSchema("inferred.toml", []byte(r.stdout))
			if err != nil {
				t.Fatalf("inferred schema: %v\n%s", err, r.stdout)
			}
			for i, name := range tt.labels {
				if l := sch.Labels[i]; l.Name != name || l.Key != fmt.Sprint(i+1) {
					t.Errorf("label %d: %s on key %s, want %s on %d", i, l.Name, l.Key, name, i+1)
				}
			}
			file := write(t, dir, "inferred.toml", []byte(r.stdout))
			if r := tagdesk(t, "schema", "--db", db, "--set", file); r.code != 0 {
				t.Fatalf("set: exit %d: %s", r.code, r.stderr)
			}
			if r := tagdesk(t, "import", "--db", db, tt.path); r.code != 0 || !strings.Contains(r.stderr, "imported") {
				t.Fatalf("import: exit %d: %s", r.code, r.stderr)
			}
		})
	}
}

// TestSchemaInferBrat: annotation.conf's declarations count even where
// no span uses them; labels beyond the ninth get no key; a database's
// schema in force is extended, not replaced.
func TestSchemaInferBrat(t *testing.T) {
	dir := t.TempDir()
	col := filepath.Join(dir, "col")
	if err := os.Mkdir(col, 0o755); err != nil {
		t.Fatal(err)
	}
	var conf strings.Builder
	conf.WriteString("[entities]\n!Thing\n")
	for i := 1; i <= 11; i++ {
		fmt.Fprintf(&conf, "\tT%02d\n", i)
	}
	conf.WriteString("[relations]\n[events]\nHappen\tAgent:<ENTITY>\n[attributes]\nNegated\tArg:<ENTITY>\nLevel\tArg:T02|T03, Value:low|high\n")
	write(t, col, "annotation.conf", []byte(conf.String()))
	write(t, col, "a.txt", []byte("one two three"))
	write(t, col, "a.ann", []byte("T1\tT01 0 3\tone\nA1\tColour T1 dark_red\nT2\tHappen 4 7\ttwo\n"))
	var out, errb bytes.Buffer
	if code := Run([]string{"schema", "--db", filepath.Join(dir, "none.db"), "--infer", col}, &out, &errb, Env{}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	sch, err := annotate.ParseSchema("inferred", out.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if len(sch.Labels) != 11 || sch.Labels[8].Key != "9" || sch.Labels[9].Key != "" || sch.Labels[10].Key != "" {
		t.Fatalf("labels: %+v", sch.Labels)
	}
	colours := map[string]bool{}
	for _, l := range sch.Labels {
		if colours[l.Color] {
			t.Errorf("colour %s used twice", l.Color)
		}
		colours[l.Color] = true
	}
	if a := sch.Label("T01").Attr("Colour"); a == nil || len(a.Choices) != 1 || a.Choices[0] != "dark_red" {
		t.Errorf("T01 Colour: %+v", a)
	}
	if a := sch.Label("T03").Attr("Level"); a == nil || strings.Join(a.Choices, "|") != "low|high" {
		t.Errorf("T03 Level: %+v", a)
	}
	if a := sch.Label("T11").Attr("Negated"); a == nil || strings.Join(a.Choices, "|") != "true" {
		t.Errorf("T11 Negated: %+v", a)
	}
	if sch.Label("Happen") != nil || sch.Label("Thing") != nil {
		t.Errorf("an event or abstract type became a label: %+v", sch.Labels)
	}
	// an existing database: its labels first, with their keys and colours
	db := filepath.Join(dir, "x.db")
	if r := tagdesk(t, "import", "--db", db, write(t, dir, "a.jsonl", []byte(`{"text":"Canada","spans":[{"start":0,"end":6,"label":"JURISDICTION"}]}`+"\n"))); r.code != 0 {
		t.Fatal(r.stderr)
	}
	r := tagdesk(t, "schema", "--db", db, "--infer", col)
	if r.code != 0 || !strings.Contains(r.stderr, "inferred 15 label(s) (4 of them from the schema in force") {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	ext, err := annotate.ParseSchema("ext", []byte(r.stdout))
	if err != nil {
		t.Fatal(err)
	}
	if l := ext.Labels[3]; l.Name != "JURISDICTION" || l.Key != "4" || l.Color != "#1FA776" || ext.Labels[4].Key != "5" || ext.Labels[9].Key != "" {
		t.Errorf("extended: %+v", ext.Labels)
	}
	if r := tagdesk(t, "schema", "--db", db, "--set", write(t, dir, "ext.toml", []byte(r.stdout))); r.code != 0 {
		t.Fatal(r.stderr)
	}
	for _, args := range [][]string{{"schema", "--infer"}, {"schema", "--infer", "--set", "x", col}, {"schema", col}} {
		if r := tagdesk(t, args...); r.code != 2 {
			t.Errorf("%q: exit %d, want 2", args, r.code)
		}
	}
	if r := tagdesk(t, "schema", "--infer", filepath.Join(dir, "missing")); r.code != 1 || !strings.Contains(r.stderr, "missing") {
		t.Errorf("missing path: exit %d: %s", r.code, r.stderr)
	}
}
