// Package suggest finds the spans tagdesk proposes to an annotator:
// matches of pattern files in the Prodigy/spaCy shape, strings the
// corpus's annotators labelled elsewhere (label propagation), and the
// spans a model command returns. It is pure Go; the stores keep what it
// finds (annotate.SuggestionStore).
//
// Texts are matched as words: the project's tokens (format.Tokenize,
// Unicode word boundaries) split further where a word character meets
// another character, grapheme cluster by grapheme cluster, so "Union's"
// is "Union", "'", "s" as in spaCy, and no match splits a grapheme
// cluster. Phrases (phrase patterns, the corpus's strings) are matched
// as their sequence of words, as spaCy's PhraseMatcher does:
//
//   - case: Unicode simple case folding, as strings.EqualFold ("union"
//     matches "Union", "UNION"; "straße" does not match "STRASSE", a full
//     folding), except that a phrase with an upper-case letter and no
//     lower-case one (an acronym: "EU", "US", "U.N.") matches only as
//     written, so "EU" never proposes "eu" and "US" never "us";
//   - white space: between words it is not compared (a space, a line
//     break, several, or none between a word and punctuation: "( EU )"
//     is "(EU)"); white space around a phrase is ignored;
//   - boundaries: a match starts and ends on word boundaries, so "Union"
//     is not found in "Unionist", nor "Jose" in "José" written with a
//     combining accent.
//
// Phrase matching is a trie of folded words whose edges are keyed by the
// words' 64-bit hashes, computed while the text is split (see Text and
// trie): 100,000 patterns build in a fraction of a second, where the
// byte-level Aho–Corasick automata measured (github.com/coregx/ahocorasick,
// github.com/petar-dambovaliev/aho-corasick, github.com/BobuSumisu/aho-corasick)
// took 6 to 9 s and 0.3 to 3.5 GB to build for the same patterns.
package suggest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/tagdesk/tagdesk/annotate"
)

// Pattern is one line of a pattern file: a phrase or a token pattern.
type Pattern struct {
	Label  string
	ID     string // becomes the suggestion's canonical value
	Phrase string // a phrase pattern ("pattern": "European Union")
	Tokens []Tok  // a token pattern ("pattern": [{"lower": "eu"}])
	Line   int    // 1-based line in its file

	key     string   // a phrase's words (phraseKey)
	written []string // an acronym's words as written
}

// Tok is one token of a token pattern. Its attributes all must hold.
type Tok struct {
	Orth  *string         // ORTH or TEXT: the token exactly
	Lower *string         // LOWER: the token case-folded
	Len   *int            // LENGTH: in code points
	Flags map[string]bool // IS_DIGIT, IS_ALPHA, IS_UPPER, IS_LOWER, IS_TITLE, IS_PUNCT
	Op    byte            // 0 (exactly once), '?', '+', '*', '!' (one token that does not match)
}

// flagNames are the boolean token attributes supported.
var flagNames = []string{"IS_DIGIT", "IS_ALPHA", "IS_UPPER", "IS_LOWER", "IS_TITLE", "IS_PUNCT"}

// ParsePatterns reads a pattern file: one JSON object a line, with
// "label", "pattern" (a string or a list of token objects) and an
// optional "id"; keys in either case; blank lines are skipped. A line it
// cannot use is an error naming file and line (*annotate.PosError): the
// first such line. The lines are parsed on every core.
func ParsePatterns(r io.Reader, file string) ([]Pattern, error) {
	body, err := io.ReadAll(r)
	if err != nil {
		return nil, &annotate.PosError{File: file, Err: err}
	}
	return parsePatterns(body, file)
}

// parsePatterns is ParsePatterns of a file read.
func parsePatterns(body []byte, file string) ([]Pattern, error) {
	type line struct {
		text []byte
		n    int // 1-based
	}
	var lines []line // those not blank
	for i, l := range bytes.Split(body, []byte("\n")) {
		if l = bytes.TrimSpace(l); len(l) > 0 {
			lines = append(lines, line{l, i + 1})
		}
	}
	out := make([]Pattern, len(lines))
	n := max(1, min(runtime.GOMAXPROCS(0), len(lines)/1000))
	errs := make([]error, n)
	var wg sync.WaitGroup
	for k := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pp := patternParser{labels: map[string]string{}}
			for i := k * len(lines) / n; i < (k+1)*len(lines)/n; i++ {
				p, err := pp.parse(lines[i].text)
				if err != nil {
					errs[k] = &annotate.PosError{File: file, Line: lines[i].n, Err: err}
					return
				}
				p.Line = lines[i].n
				out[i] = p
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// patternLine is a pattern file's line; its keys match in any case.
type patternLine struct {
	Label   jsontext.Value `json:"label"`
	Pattern jsontext.Value `json:"pattern"`
	ID      jsontext.Value `json:"id"`
}

// patternParser parses the lines of a pattern file, one after another.
type patternParser struct {
	t      Text              // a phrase's words
	labels map[string]string // the labels met, by their JSON: one string each
}

// parse parses one line.
func (pp *patternParser) parse(b []byte) (Pattern, error) {
	var raw patternLine
	if err := json.Unmarshal(b, &raw, json.MatchCaseInsensitiveNames(true)); err != nil {
		return Pattern{}, fmt.Errorf("%w: not a JSON object: %v", annotate.ErrInvalid, err)
	}
	var p Pattern
	pat := raw.Pattern
	if raw.Label != nil {
		var ok bool
		if p.Label, ok = pp.labels[string(raw.Label)]; !ok {
			if err := json.Unmarshal(raw.Label, &p.Label); err != nil || p.Label == "" {
				return p, fmt.Errorf("%w: \"label\" must be a non-empty string", annotate.ErrInvalid)
			}
			pp.labels[string(raw.Label)] = p.Label
		}
	}
	if v := raw.ID; v != nil && v.Kind() != 'n' {
		if json.Unmarshal(v, &p.ID) != nil {
			if v.Kind() != '0' {
				return p, fmt.Errorf("%w: \"id\" must be a string or a number", annotate.ErrInvalid)
			}
			p.ID = string(v)
		}
	}
	if p.Label == "" {
		return p, fmt.Errorf("%w: no \"label\"", annotate.ErrInvalid)
	}
	switch {
	case pat == nil:
		return p, fmt.Errorf("%w: no \"pattern\"", annotate.ErrInvalid)
	case pat.Kind() == '"':
		if err := json.Unmarshal(pat, &p.Phrase); err != nil {
			return p, fmt.Errorf("%w: pattern: %v", annotate.ErrInvalid, err)
		}
		if p.key, p.written = pp.t.phraseKey(p.Phrase); p.key == "" {
			return p, fmt.Errorf("%w: empty phrase pattern", annotate.ErrInvalid)
		}
	case pat.Kind() == '[':
		var toks []map[string]jsontext.Value
		if err := json.Unmarshal(pat, &toks); err != nil {
			return p, fmt.Errorf("%w: a token pattern is a list of objects: %v", annotate.ErrInvalid, err)
		}
		if len(toks) == 0 {
			return p, fmt.Errorf("%w: empty token pattern", annotate.ErrInvalid)
		}
		if len(toks) > maxTokens {
			return p, fmt.Errorf("%w: %d tokens; a token pattern has at most %d", annotate.ErrInvalid, len(toks), maxTokens)
		}
		for i, t := range toks {
			tok, err := parseTok(t)
			if err != nil {
				return p, fmt.Errorf("%w: token %d: %v", annotate.ErrInvalid, i+1, err)
			}
			p.Tokens = append(p.Tokens, tok)
		}
		if !canMatchSomething(p.Tokens) {
			return p, fmt.Errorf("%w: every token is optional: the pattern would match nothing", annotate.ErrInvalid)
		}
	default:
		return p, fmt.Errorf("%w: \"pattern\" must be a string (phrase) or a list of token objects", annotate.ErrInvalid)
	}
	return p, nil
}

func parseTok(t map[string]jsontext.Value) (Tok, error) {
	var tok Tok
	for k, v := range t {
		key := strings.ToUpper(k)
		switch key {
		case "ORTH", "TEXT", "LOWER":
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				return tok, fmt.Errorf("%s: only a string value is supported (not %s)", key, v)
			}
			if key == "LOWER" {
				tok.Lower = &s
			} else {
				tok.Orth = &s
			}
		case "LENGTH":
			var n int
			if err := json.Unmarshal(v, &n); err != nil {
				return tok, fmt.Errorf("LENGTH: only a number is supported (not %s)", v)
			}
			tok.Len = &n
		case "OP":
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				return tok, fmt.Errorf("OP must be a string")
			}
			switch s {
			case "1":
			case "?", "+", "*", "!":
				tok.Op = s[0]
			default:
				return tok, fmt.Errorf("OP %q is not supported (supported: \"?\", \"+\", \"*\", \"!\", \"1\")", s)
			}
		default:
			if !isFlag(key) {
				return tok, fmt.Errorf("attribute %q is not supported (supported: ORTH, TEXT, LOWER, LENGTH, %s, OP)", k, strings.Join(flagNames, ", "))
			}
			var b bool
			if err := json.Unmarshal(v, &b); err != nil {
				return tok, fmt.Errorf("%s must be true or false", key)
			}
			if tok.Flags == nil {
				tok.Flags = map[string]bool{}
			}
			tok.Flags[key] = b
		}
	}
	return tok, nil
}

func isFlag(k string) bool {
	for _, f := range flagNames {
		if f == k {
			return true
		}
	}
	return false
}

// canMatchSomething reports whether a token pattern needs at least one
// token: one that all its ops allow to be empty would propose nothing.
func canMatchSomething(toks []Tok) bool {
	for _, t := range toks {
		if t.Op == 0 || t.Op == '+' || t.Op == '!' {
			return true
		}
	}
	return false
}

// ErrNoPatterns is returned for a pattern file without a pattern.
var ErrNoPatterns = errors.New("no patterns")
