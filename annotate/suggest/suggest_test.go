package suggest

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// found renders suggestions as "start-end LABEL text [canonical]".
func found(text string, sugs []annotate.Suggestion) string {
	r := []rune(text)
	var out []string
	for _, s := range sugs {
		x := fmt.Sprintf("%d-%d %s %s", s.Start, s.End, s.Label, string(r[s.Start:s.End]))
		if s.Canonical != "" {
			x += " [" + s.Canonical + "]"
		}
		out = append(out, x)
	}
	return strings.Join(out, "; ")
}

func mustMatcher(t *testing.T, patterns string) *Matcher {
	t.Helper()
	ps, err := ParsePatterns(strings.NewReader(patterns), "p.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var b Builder
	b.AddPatterns("patterns:p.jsonl", ps)
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

type matchTest struct{ name, patterns, text, want string }

func runMatchTests(t *testing.T, tests []matchTest) {
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := mustMatcher(t, tt.patterns)
			if got := found(tt.text, m.Match(tt.text)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if got := found(tt.text, compiledMatcher(t, tt.patterns).Match(tt.text)); got != tt.want {
				t.Errorf("compiled: got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPhrasePatterns(t *testing.T) {
	tests := []matchTest{
		{"OK", `{"label":"ORG","pattern":"European Union","id":"EU"}`, "The European Union said", "4-18 ORG European Union [EU]"},
		{"CaseFolded", `{"label":"ORG","pattern":"European Union"}`, "THE EUROPEAN UNION and the european union", "4-18 ORG EUROPEAN UNION; 27-41 ORG european union"},
		{"WhiteSpaceRuns", `{"label":"ORG","pattern":"  European   Union "}`, "European\r\n\tUnion.", "0-16 ORG European\r\n\tUnion"},
		{"WordBoundary", `{"label":"ORG","pattern":"Union"}`, "Unionist reunion Union's l'Union", "17-22 ORG Union; 27-32 ORG Union"},
		{"Overlapping", `{"label":"ORG","pattern":"European Union"}
{"label":"JURISDICTION","pattern":"Union"}`, "European Union", "0-14 ORG European Union; 9-14 JURISDICTION Union"},
		{"AcronymAsWritten", `{"label":"JURISDICTION","pattern":"EU"}`, "eu Eu EU", "6-8 JURISDICTION EU"},
		{"AcronymDots", `{"label":"ORG","pattern":"U.N."}`, "u.n. U.N. envoy", "5-9 ORG U.N."},
		{"UnicodeFolding", `{"label":"PERSON","pattern":"Zoë Müller"}`, "ZOË MÜLLER met zoë müller", "0-10 PERSON ZOË MÜLLER; 15-25 PERSON zoë müller"},
		{"GreekFinalSigma", `{"label":"PERSON","pattern":"σίσυφος"}`, "ΣΊΣΥΦΟΣ", "0-7 PERSON ΣΊΣΥΦΟΣ"},
		{"KelvinSign", `{"label":"MEASURE","pattern":"kelvin"}`, "\u212Aelvin", "0-6 MEASURE \u212Aelvin"},
		{"NoFullFolding", `{"label":"ORG","pattern":"Straße"}`, "STRASSE strasse", ""},
		{"CodePoints", `{"label":"JURISDICTION","pattern":"Canada"}`, "🇨🇦 😟 Canada", "5-11 JURISDICTION Canada"},
		{"CombiningMarkNotSplit", `{"label":"PERSON","pattern":"Jose"}`, "Jose\u0301 Álvarez", ""},
		{"CombiningMarkWhole", `{"label":"PERSON","pattern":"Jose\u0301"}`, "JOSE\u0301 Álvarez", "0-5 PERSON JOSE\u0301"},
		{"FlagNotSplit", `{"label":"JURISDICTION","pattern":"🇸🇨"}`, "🇺🇸🇨🇦", ""},
		{"FlagWhole", `{"label":"JURISDICTION","pattern":"🇨🇦"}`, "🇺🇸🇨🇦", "2-4 JURISDICTION 🇨🇦"},
		{"CJK", `{"label":"JURISDICTION","pattern":"北京"}`, "在北京的", "1-3 JURISDICTION 北京"},
		{"EmojiSkinToneNotSplit", `{"label":"PERSON","pattern":"👍"}`, "👍🏽", ""},
		{"Duplicates", `{"label":"ORG","pattern":"OFAC","id":"a"}
{"label":"ORG","pattern":"OFAC","id":"b"}`, "OFAC", "0-4 ORG OFAC [a]"},
		{"NumberID", `{"label":"ORG","pattern":"OFAC","id":42}`, "OFAC", "0-4 ORG OFAC [42]"},
		{"UpperCaseKeys", `{"LABEL":"ORG","PATTERN":"OFAC","ID":"x"}`, "OFAC", "0-4 ORG OFAC [x]"},
	}
	runMatchTests(t, tests)
}

func TestTokenPatterns(t *testing.T) {
	tests := []matchTest{
		{"Lower", `{"label":"JURISDICTION","pattern":[{"lower":"eu"}]}`, "The EU and eu.", "4-6 JURISDICTION EU; 11-13 JURISDICTION eu"},
		{"Orth", `{"label":"JURISDICTION","pattern":[{"ORTH":"EU"}]}`, "The EU and eu.", "4-6 JURISDICTION EU"},
		{"TextAndFlags", `{"label":"MEASURE","pattern":[{"IS_DIGIT":true},{"TEXT":"pages"}]}`, "runs to 14 pages and 3 Pages", "8-16 MEASURE 14 pages"},
		{"Optional", `{"label":"MEASURE","pattern":[{"LOWER":"asset"},{"LOWER":"freeze","OP":"?"}]}`, "an asset freeze; an asset", "3-15 MEASURE asset freeze; 20-25 MEASURE asset"},
		{"PlusTitle", `{"label":"ORG","pattern":[{"IS_TITLE":true,"OP":"+"},{"LOWER":"council"}]}`, "the European Human Rights Council met", "4-33 ORG European Human Rights Council"},
		{"Star", `{"label":"ORG","pattern":[{"LOWER":"the"},{"IS_UPPER":true,"OP":"*"},{"LOWER":"corps"}]}`, "the corps, the XPCC Corps", "0-9 ORG the corps; 11-25 ORG the XPCC Corps"},
		{"Not", `{"label":"PERSON","pattern":[{"LOWER":"mr"},{"IS_PUNCT":true,"OP":"!"}]}`, "mr . mr Wang", "5-12 PERSON mr Wang"},
		{"AlphaLength", `{"label":"ORG","pattern":[{"IS_ALPHA":true,"LENGTH":4,"IS_UPPER":true}]}`, "OFAC said XPCC1 and Ofac", "0-4 ORG OFAC"},
		{"Lowercase", `{"label":"ORG","pattern":[{"IS_LOWER":true},{"ORTH":"Bank"}]}`, "big Bank, Big Bank", "0-8 ORG big Bank"},
	}
	runMatchTests(t, tests)
}

func TestParsePatternsErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ErrBadJSON", `{"label":"ORG","pattern":"A"}` + "\n{oops\n", "p.jsonl:2: invalid: not a JSON object"},
		{"ErrNoLabel", `{"pattern":"A"}`, `p.jsonl:1: invalid: no "label"`},
		{"ErrNoPattern", `{"label":"ORG"}`, `p.jsonl:1: invalid: no "pattern"`},
		{"ErrEmptyPhrase", `{"label":"ORG","pattern":"  "}`, `p.jsonl:1: invalid: empty phrase pattern`},
		{"ErrOp", `{"label":"ORG","pattern":[{"LOWER":"a","OP":"{2}"}]}`, `p.jsonl:1: invalid: token 1: OP "{2}" is not supported`},
		{"ErrAttr", "\n" + `{"label":"ORG","pattern":[{"LOWER":"a"},{"POS":"NOUN"}]}`, `p.jsonl:2: invalid: token 2: attribute "POS" is not supported`},
		{"ErrIn", `{"label":"ORG","pattern":[{"LOWER":{"IN":["a","b"]}}]}`, `p.jsonl:1: invalid: token 1: LOWER: only a string value is supported`},
		{"ErrAllOptional", `{"label":"ORG","pattern":[{"LOWER":"a","OP":"?"}]}`, `p.jsonl:1: invalid: every token is optional`},
		{"ErrPatternType", `{"label":"ORG","pattern":7}`, `p.jsonl:1: invalid: "pattern" must be a string`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePatterns(strings.NewReader(tt.in), "p.jsonl")
			var pe *annotate.PosError
			if !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error starting %q", err, tt.want)
			}
		})
	}
}

func TestCorpusPropagation(t *testing.T) {
	var c Corpus
	c.Add("Xinjiang", "JURISDICTION", "")
	c.Add("Wang", "PERSON", "Wang Junzheng")
	c.Add("wang", "PERSON", "Wang Junzheng")
	c.Add("Wang", "PERSON", "Wang J.")
	c.Add("X", "ORG", "") // one code point: not proposed
	c.Add("US", "JURISDICTION", "United States")
	var b Builder
	for _, p := range c.Phrases() {
		b.AddPhrase(annotate.SourceCorpus, p)
	}
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	text := "XINJIANG: Wang Junzheng (wang) met us, the US, the United States and X."
	want := "0-8 JURISDICTION XINJIANG; 10-14 PERSON Wang [Wang Junzheng]; 10-23 PERSON Wang Junzheng [Wang Junzheng]; " +
		"25-29 PERSON wang [Wang Junzheng]; 43-45 JURISDICTION US [United States]; 51-64 JURISDICTION United States [United States]"
	if got := found(text, m.Match(text)); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	for _, s := range m.Match(text) {
		if s.Source != annotate.SourceCorpus {
			t.Errorf("source %q, want corpus", s.Source)
		}
	}
}

func TestSeveralSources(t *testing.T) {
	ps, err := ParsePatterns(strings.NewReader(`{"label":"JURISDICTION","pattern":"Xinjiang"}`), "a")
	if err != nil {
		t.Fatal(err)
	}
	var b Builder
	b.AddPatterns("patterns:a", ps)
	b.AddPhrase(annotate.SourceCorpus, Phrase{Text: "xinjiang", Label: "JURISDICTION"})
	m, _ := b.Build()
	got := m.Match("in Xinjiang")
	if len(got) != 2 || got[0].Source != "corpus" || got[1].Source != "patterns:a" {
		t.Errorf("got %+v, want one of each source", got)
	}
}
