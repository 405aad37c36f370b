package format

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
)

// conllU is what ConllDecoder knows of a CoNLL-U (Plus) file: where its
// columns are, and the sentence being read, which is kept until its end
// because its tokens are placed in its "# text" line.
type conllU struct {
	cols            []string
	form, tag, misc int // column indexes; tag -1: NE= or NER= in MISC; misc -1: none
	toks            []uToken
	starts          []int
}

type uToken struct {
	form, tag  []byte
	spaceAfter bool
	line       int
}

// newConllU places the columns named in cols (upper case, as a "#
// global.columns" line or CoNLL-U itself names them).
func newConllU(cols []string) *conllU {
	u := &conllU{cols: cols, form: -1, tag: -1, misc: -1}
	for i, c := range cols {
		name := c
		if k := strings.LastIndexByte(c, ':'); k >= 0 {
			name = c[k+1:]
		}
		switch name {
		case "FORM":
			u.form = i
		case "MISC":
			u.misc = i
		case "NE", "NER", "NAMED_ENTITY":
			u.tag = i
		}
	}
	return u
}

var conllUColumns = []string{"ID", "FORM", "LEMMA", "UPOS", "XPOS", "FEATS", "HEAD", "DEPREL", "DEPS", "MISC"}

// detectU decides at the first token line whether the file is CoNLL-U:
// it named its columns, or is called .conllu or .conllup, or the line has
// CoNLL-U's ten tab-separated columns and a numeric id.
func (d *ConllDecoder) detectU(line []byte) {
	if d.u != nil {
		return
	}
	ext := strings.ToLower(filepath.Ext(d.name))
	f := bytes.Split(line, []byte("\t"))
	if ext == ".conllu" || ext == ".conllup" || len(f) == 10 && len(f[0]) > 0 && len(bytes.Trim(f[0], "0123456789-.")) == 0 {
		d.u = newConllU(conllUColumns)
	}
}

// comment reads a line starting with "#": "# global.columns = …",
// "# newdoc [id = …]" (a new article) and "# text = …" are used, the
// others counted as not kept.
func (d *ConllDecoder) comment(line []byte) (*annotate.Record, error) {
	key, val, _ := strings.Cut(strings.TrimSpace(string(line[1:])), "=")
	key, val = strings.TrimSpace(key), strings.TrimPrefix(val, " ")
	switch {
	case key == "global.columns":
		d.u = newConllU(strings.Fields(strings.ToUpper(val)))
		if d.u.form < 0 {
			return nil, d.errAt(d.line, fmt.Errorf("%w: global.columns names no FORM column", annotate.ErrInvalid))
		}
	case key == "newdoc" || strings.HasPrefix(key, "newdoc id") || key == "newdoc id":
		if key == "newdoc" {
			val = ""
		}
		return d.newArticle(strings.TrimSpace(val))
	case key == "text":
		if d.sentText.n > 0 { // two for one sentence
			d.comments.add(d.sentText.first)
		}
		d.sentText = lineCount{1, d.line}
		d.text1 = append(d.text1[:0], val...)
	default:
		d.comments.add(d.line)
	}
	return nil, nil
}

// uToken reads a token line of a CoNLL-U file into the sentence.
func (d *ConllDecoder) uToken(line []byte) error {
	u := d.u
	f := bytes.Split(line, []byte("\t"))
	if len(f) != len(u.cols) {
		return d.errAt(d.line, fmt.Errorf("%w: want %d tab-separated columns (%s), got %d", annotate.ErrInvalid, len(u.cols), strings.Join(u.cols, " "), len(f)))
	}
	if bytes.ContainsAny(f[0], "-.") { // a multiword token's range, an empty node
		d.nodes.add(d.line)
		return nil
	}
	t := uToken{form: bytes.Clone(f[u.form]), tag: []byte("O"), spaceAfter: true, line: d.line}
	extra := false
	if u.tag >= 0 && string(f[u.tag]) != "_" {
		t.tag = bytes.Clone(f[u.tag])
	}
	for i, c := range f {
		switch {
		case i == 0 || i == u.form || i == u.tag || isPlaceholder(c):
		case i == u.misc:
			for _, item := range bytes.Split(c, []byte("|")) {
				k, v, _ := bytes.Cut(item, []byte("="))
				switch string(k) {
				case "SpaceAfter":
					t.spaceAfter = string(v) != "No"
				case "NE", "NER":
					if u.tag < 0 {
						t.tag = bytes.Clone(v)
					}
				default:
					extra = true
				}
			}
		default:
			extra = true
		}
	}
	if extra {
		d.extraCols.add(d.line)
	}
	u.toks = append(u.toks, t)
	return nil
}

// uSentence adds the sentence read to the article: with the text of its
// "# text" line when every token is found there in order (only white
// space between), else rebuilt from the tokens and SpaceAfter.
func (d *ConllDecoder) uSentence() error {
	u := d.u
	toks, text, hasText := u.toks, string(d.text1), d.sentText.n > 0
	u.toks, d.sentText = u.toks[:0], lineCount{}
	if len(toks) == 0 {
		return nil
	}
	sep := ""
	if d.tokens > 0 {
		sep = "\n"
	}
	if hasText && u.place(toks, text) {
		at := 0
		for i, t := range toks {
			if err := d.add(sep+text[at:u.starts[i]], t.form, t.tag, t.line); err != nil {
				return err
			}
			sep, at = "", u.starts[i]+len(t.form)
		}
		d.text.WriteString(text[at:])
		d.cp += runeCount(text[at:])
		return nil
	}
	d.rebuilt.add(toks[0].line)
	for i, t := range toks {
		if i > 0 && toks[i-1].spaceAfter {
			sep = " "
		}
		if err := d.add(sep, t.form, t.tag, t.line); err != nil {
			return err
		}
		sep = ""
	}
	return nil
}

// place finds each token in text, in order, with only white space
// between and around them, and keeps their byte offsets in u.starts.
func (u *conllU) place(toks []uToken, text string) bool {
	u.starts = u.starts[:0]
	at := 0
	for _, t := range toks {
		at += spacePrefix(text[at:])
		if !strings.HasPrefix(text[at:], string(t.form)) {
			return false
		}
		u.starts = append(u.starts, at)
		at += len(t.form)
	}
	return spacePrefix(text[at:]) == len(text)-at
}

// sniffConll reports whether head reads as CoNLL: its first lines (up to
// five, blank lines and "#" comments aside) each have at least two columns
// and end in a tag, or it starts with -DOCSTART-.
func sniffConll(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	seen := 0
	for len(head) > 0 && seen < 5 {
		line := head
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			head = nil // maybe cut short: judge it only if it is all there is
			if seen > 0 {
				break
			}
		}
		first, last, n, _ := conllFields(bytes.TrimRight(line, "\r"))
		switch {
		case n == 0 || line[0] == '#':
		case string(first) == "-DOCSTART-":
			return true
		case n < 2 || !isConllTag(last):
			return false
		default:
			seen++
		}
	}
	return seen > 0
}
