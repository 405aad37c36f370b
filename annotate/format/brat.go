package format

import (
	"errors"
	"fmt"
	"github.com/tagdesk/tagdesk/annotate"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// BratDecoder reads brat standoff annotations: NAME.txt holds an article's
// text, NAME.ann its annotations, one a line:
//
//	T1	ORG 0 6	Canada          a text-bound annotation (a span)
//	T2	ORG 0 5;10 15	Can ada   a discontinuous one: one span per fragment, with a warning
//	A1	role T1 imposing        an attribute (a binary one, without value, is "true")
//	M1	Negated T1              brat's old form of a binary attribute: the same
//	N1	Reference T1 wiki:Q16	Canada   the canonical value, db:id (see bratNotes)
//	#1	AnnotatorNotes T1	a note   the note; other types go into it too
//
// Relations, events, equivalences and event triggers (T lines of an
// [events] type of annotation.conf) are not imported: a warning counts
// them and names the first line. The article's id is NAME (its path under
// the folder, without .txt); a .txt without .ann is an article without
// spans. The offsets' reading is proven per file (see brat_offsets.go).
type BratDecoder struct {
	warnings
	dir   string
	docs  []string // paths without extension
	i     int
	line  int
	confs map[string]*BratConf // annotation.conf by folder; nil: none there
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
	conf, err := d.confFor(base)
	if err != nil {
		return nil, err
	}
	return d.recordConf(id, txtPath, data, annPath, ann, conf)
}

// record makes the record of one document from the contents of its .txt
// and .ann (nil when it has none) files.
func (d *BratDecoder) record(id, txtPath string, txt []byte, annPath string, ann []byte) (*annotate.Record, error) {
	return d.recordConf(id, txtPath, txt, annPath, ann, nil)
}

// recordConf is record under the collection's annotation.conf (nil: none).
func (d *BratDecoder) recordConf(id, txtPath string, txt []byte, annPath string, ann []byte, conf *BratConf) (*annotate.Record, error) {
	if err := annotate.ValidText(string(txt)); err != nil {
		return nil, &annotate.PosError{File: txtPath, Line: lineOfInvalidUTF8(txt), Err: err}
	}
	rec := &annotate.Record{Article: annotate.Article{ExtID: id, Text: string(txt)}}
	finishArticle(&rec.Article)
	if ann == nil {
		return rec, nil
	}
	if err := d.parseAnn(rec, annPath, ann, conf); err != nil {
		return nil, err
	}
	return rec, nil
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
