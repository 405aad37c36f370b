package format

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/tagdesk/tagdesk/annotate"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// brat offsets and newlines. brat's server reads NAME.txt as text
// (Python's open(…, encoding="utf-8"), universal newlines), which turns
// "\r\n" into "\n": brat's offsets are code points of that newline-
// normalised text, so in a text with CRLF line ends every "\r\n" before a
// position counts as one character, not two. tagdesk keeps the text byte
// for byte (CRLF stays two code points), so the decoder maps brat offsets
// back to code points of the exact text and the encoder writes offsets of
// the normalised view: brat shows the spans where tagdesk has them. A
// lone "\r" is one character either way. A BOM is a character (U+FEFF) in
// both.

// crlfMap converts between code points of a text and of its view with
// "\r\n" read as one character.
type crlfMap struct {
	cr []int // code point offset of the '\r' of each "\r\n", ascending
}

func newCRLFMap(text string) crlfMap {
	var m crlfMap
	if !strings.Contains(text, "\r\n") {
		return m
	}
	cp := 0
	for i := 0; i < len(text); {
		c := text[i]
		if c == '\r' && i+1 < len(text) && text[i+1] == '\n' {
			m.cr = append(m.cr, cp)
		}
		if c < utf8.RuneSelf {
			i++
		} else {
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
		}
		cp++
	}
	return m
}

// toBrat returns the normalised offset of code point cp.
func (m crlfMap) toBrat(cp int) int {
	// pairs wholly before cp: cr+2 <= cp
	return cp - sort.SearchInts(m.cr, cp-1)
}

// fromBrat returns the code point offset of normalised offset n.
func (m crlfMap) fromBrat(n int) int {
	// pair k sits at normalised position cr[k]-k; count those before n
	lo, hi := 0, len(m.cr)
	for lo < hi {
		k := (lo + hi) / 2
		if m.cr[k]-k < n {
			lo = k + 1
		} else {
			hi = k
		}
	}
	return n + lo
}

// BratDecoder reads brat standoff annotations: NAME.txt holds an article's
// text, NAME.ann its annotations, one a line:
//
//	T1	ORG 0 6	Canada          a text-bound annotation (a span)
//	T2	ORG 0 5;10 15	Can ada   a discontinuous one: one span per fragment, with a warning
//	A1	role T1 imposing        an attribute (a binary one, without value, is "true")
//	N1	Reference T1 wiki:Q16	Canada   the canonical value (db:id; tagdesk:… takes the text)
//	#1	AnnotatorNotes T1	a note
//
// Relations, events and equivalences are not imported (a warning). The
// article's id is NAME (its path under the folder, without .txt); a .txt
// without .ann is an article without spans. See the note on offsets and
// newlines above.
type BratDecoder struct {
	warnings
	dir  string
	docs []string // paths without extension
	i    int
	line int
}

// NewBratDecoder reads the folder path (every NAME.txt under it) or the
// one document that path, a .txt or .ann file, belongs to.
func NewBratDecoder(path string) (*BratDecoder, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, &annotate.PosError{File: path, Err: pathErr(err)}
	}
	if !fi.IsDir() {
		base := strings.TrimSuffix(path, filepath.Ext(path))
		return &BratDecoder{dir: filepath.Dir(path), docs: []string{base}}, nil
	}
	d := &BratDecoder{dir: path}
	txt, ann := map[string]bool{}, []string{}
	err = filepath.WalkDir(path, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return &annotate.PosError{File: p, Err: pathErr(err)}
		}
		if e.IsDir() {
			return nil
		}
		switch strings.ToLower(filepath.Ext(p)) {
		case ".txt":
			txt[strings.TrimSuffix(p, filepath.Ext(p))] = true
			d.docs = append(d.docs, strings.TrimSuffix(p, filepath.Ext(p)))
		case ".ann":
			ann = append(ann, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, a := range ann {
		if !txt[strings.TrimSuffix(a, filepath.Ext(a))] {
			return nil, &annotate.PosError{File: a, Err: fmt.Errorf("%w: no .txt file beside it", annotate.ErrInvalid)}
		}
	}
	if len(d.docs) == 0 {
		return nil, &annotate.PosError{File: path, Err: fmt.Errorf("%w: folder holds no brat .txt files", annotate.ErrInvalid)}
	}
	sort.Strings(d.docs)
	return d, nil
}

// File returns the .ann file of the record last returned.
func (d *BratDecoder) File() string {
	if d.i == 0 {
		return d.dir
	}
	return d.docs[d.i-1] + ".ann"
}

// Line returns the line of the .ann file where the record last returned
// had its first annotation (1 when it has none).
func (d *BratDecoder) Line() int { return d.line }

// Skipped returns 0.
func (d *BratDecoder) Skipped() int { return 0 }

// Next returns the next document's record, io.EOF at the end, or a
// *PosError naming the .txt or .ann file and line.
func (d *BratDecoder) Next() (*annotate.Record, error) {
	if d.i >= len(d.docs) {
		return nil, io.EOF
	}
	base := d.docs[d.i]
	d.i++
	d.line = 1
	txtPath := base + ".txt"
	data, err := os.ReadFile(txtPath)
	if err != nil {
		return nil, &annotate.PosError{File: txtPath, Err: pathErr(err)}
	}
	if err := annotate.ValidText(string(data)); err != nil { // before the .ann, as ever
		return nil, &annotate.PosError{File: txtPath, Line: lineOfInvalidUTF8(data), Err: err}
	}
	id := base
	if rel, err := filepath.Rel(d.dir, base); err == nil {
		id = filepath.ToSlash(rel)
	}
	annPath := base + ".ann"
	ann, err := os.ReadFile(annPath)
	if errors.Is(err, fs.ErrNotExist) {
		ann, err = nil, nil
	}
	if err != nil {
		return nil, &annotate.PosError{File: annPath, Err: pathErr(err)}
	}
	return d.record(id, txtPath, data, annPath, ann)
}

// record makes the record of one document from the contents of its .txt
// and .ann (nil when it has none) files.
func (d *BratDecoder) record(id, txtPath string, txt []byte, annPath string, ann []byte) (*annotate.Record, error) {
	if err := annotate.ValidText(string(txt)); err != nil {
		return nil, &annotate.PosError{File: txtPath, Line: lineOfInvalidUTF8(txt), Err: err}
	}
	rec := &annotate.Record{Article: annotate.Article{ExtID: id, Text: string(txt)}}
	finishArticle(&rec.Article)
	if ann == nil {
		return rec, nil
	}
	if err := d.parseAnn(rec, annPath, ann); err != nil {
		return nil, err
	}
	return rec, nil
}

type bratLine struct {
	line       int
	id, target string
	kind       byte // 'A', 'N', '#'
	name, val  string
}

func (d *BratDecoder) parseAnn(rec *annotate.Record, path string, ann []byte) error {
	text := rec.Article.Text
	ix := annotate.NewIndex(text)
	cm := newCRLFMap(text)
	normLen := ix.Len() - len(cm.cr)
	spansOf := map[string][]int{} // T id → indexes of its spans
	var later []bratLine
	ignored := map[byte]int{}
	bad := func(line int, format string, args ...any) error {
		return &annotate.PosError{File: path, Line: line, Err: fmt.Errorf("%w: "+format, append([]any{annotate.ErrInvalid}, args...)...)}
	}
	if !utf8.Valid(ann) {
		return &annotate.PosError{File: path, Line: lineOfInvalidUTF8(ann), Err: fmt.Errorf("%w: file is not valid UTF-8", annotate.ErrInvalid)}
	}
	ann = bytes.TrimPrefix(ann, []byte("\xef\xbb\xbf"))
	first := 0
	for n, rest := 1, string(ann); rest != ""; n++ {
		var line string
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			line, rest = rest, ""
		}
		line = strings.TrimSuffix(line, "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if first == 0 {
			first = n
		}
		id, body, ok := strings.Cut(line, "\t")
		if !ok || id == "" {
			return bad(n, "want ID<TAB>annotation, got %q", clip(line))
		}
		switch id[0] {
		case 'T':
			if _, dup := spansOf[id]; dup {
				return bad(n, "%s appears twice", id)
			}
			head, covered, hasText := strings.Cut(body, "\t")
			label, frags, ok := strings.Cut(head, " ")
			if !ok || label == "" {
				return bad(n, "%s: want LABEL START END, got %q", id, clip(head))
			}
			var parts []string
			var idx []int
			for _, fr := range strings.Split(frags, ";") {
				f := strings.Fields(fr)
				if len(f) != 2 {
					return bad(n, "%s: offsets %q: want START END", id, clip(frags))
				}
				s, err1 := strconv.Atoi(f[0])
				e, err2 := strconv.Atoi(f[1])
				if err1 != nil || err2 != nil {
					return bad(n, "%s: offsets %q are not numbers", id, clip(fr))
				}
				if s < 0 || e > normLen || s >= e {
					return bad(n, "%s: offsets [%d,%d) are empty, reversed or outside the text (%d characters as brat counts them)", id, s, e, normLen)
				}
				cs, ce := cm.fromBrat(s), cm.fromBrat(e)
				parts = append(parts, ix.Slice(cs, ce))
				idx = append(idx, len(rec.Spans))
				rec.Spans = append(rec.Spans, annotate.Span{Start: cs, End: ce, Label: label})
			}
			if hasText && bratText(strings.Join(parts, " ")) != bratText(covered) {
				return bad(n, "%s: text %q does not match the .txt there, %q", id, clip(covered), clip(strings.Join(parts, " ")))
			}
			if len(idx) > 1 {
				d.warnf("%s:%d: %s is discontinuous: imported as %d spans, one per fragment", path, n, id, len(idx))
			}
			spansOf[id] = idx
		case 'A', 'M':
			f := strings.Fields(body)
			if len(f) < 2 || len(f) > 3 {
				return bad(n, "%s: want NAME TARGET [VALUE], got %q", id, clip(body))
			}
			bl := bratLine{line: n, id: id, kind: 'A', name: f[0], target: f[1], val: "true"}
			if len(f) == 3 {
				bl.val = f[2]
			}
			later = append(later, bl)
		case 'N':
			head, covered, _ := strings.Cut(body, "\t")
			f := strings.Fields(head)
			if len(f) != 3 {
				return bad(n, "%s: want Reference TARGET DB:ID, got %q", id, clip(head))
			}
			val := f[2]
			if db, _, _ := strings.Cut(val, ":"); db == "tagdesk" {
				val = covered
			}
			later = append(later, bratLine{line: n, id: id, kind: 'N', target: f[1], val: val})
		case '#':
			head, note, _ := strings.Cut(body, "\t")
			f := strings.Fields(head)
			if len(f) != 2 {
				return bad(n, "%s: want AnnotatorNotes TARGET<TAB>note, got %q", id, clip(head))
			}
			later = append(later, bratLine{line: n, id: id, kind: '#', target: f[1], val: note})
		case 'R', 'E', '*':
			ignored[id[0]]++
		default:
			return bad(n, "unknown annotation %q (want T, A, M, N, #, R, E or *)", clip(id))
		}
	}
	for _, bl := range later {
		idx, ok := spansOf[bl.target]
		if !ok {
			if bl.target != "" && bl.target[0] != 'T' {
				ignored[bl.kind]++ // on a relation or event
				continue
			}
			return bad(bl.line, "%s refers to %s, which is not a text-bound annotation of this file", bl.id, bl.target)
		}
		for _, k := range idx {
			sp := &rec.Spans[k]
			switch bl.kind {
			case 'A':
				if sp.Attrs == nil {
					sp.Attrs = map[string]string{}
				}
				sp.Attrs[bl.name] = bl.val
			case 'N':
				sp.Canonical = bl.val
			case '#':
				sp.Note = bl.val
			}
		}
	}
	for _, k := range []byte{'R', 'E', '*', 'A', 'N', '#'} {
		if ignored[k] > 0 {
			d.warnf("%s: %d %c annotation(s) not imported (tagdesk keeps spans, their attributes, notes and references)", path, ignored[k], k)
		}
	}
	if first > 0 {
		d.line = first
	}
	annotate.SortSpans(rec.Spans)
	return nil
}

// bratText is the text of a T line: newlines read as spaces, since one
// annotation is one line.
func bratText(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", " ")
	return strings.NewReplacer("\n", " ", "\r", " ").Replace(s)
}

// oneLine makes s fit on one line of a .ann file.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return bratText(s)
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}
