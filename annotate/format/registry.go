package format

import (
	"bytes"
	"fmt"
	"github.com/tagdesk/tagdesk/annotate"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// Offset units a format may count in. A format has a default (Format.Offsets);
// Options.Offsets overrides it where the format allows.
const (
	OffsetsCodepoint = "codepoint" // Unicode code points: Python's str index
	OffsetsUTF16     = "utf16"     // UTF-16 code units: JavaScript's String index
)

// Overlap policies for formats that cannot hold overlapping spans (conll).
const (
	OverlapOuter = "outer" // keep the outermost span, drop (and warn about) the rest
	OverlapError = "error" // refuse the record
)

// Options tune a format's reader or writer.
type Options struct {
	// Offsets is the offset unit of the file: "" for the format's default,
	// OffsetsCodepoint or OffsetsUTF16 (only where Format.Units allows it).
	Offsets string
	// Overlap says what a writer that cannot hold overlapping spans does
	// with them: OverlapOuter (the default) or OverlapError.
	Overlap string
	// Schema, when set, is written by formats that carry one (brat's
	// annotation.conf).
	Schema *annotate.Schema
	// Warn, when set, receives each warning of a writer (dropped spans,
	// text changed to fit the format). Readers collect theirs (Warnings).
	Warn func(msg string)
}

// RecordReader reads records of one interchange format. Next returns
// io.EOF at the end, or a *PosError naming the file and line of the
// problem. Records are not validated against a schema.
type RecordReader interface {
	Next() (*annotate.Record, error)
	// Line is the line (of the file, or of a brat .ann file) where the
	// record last returned starts.
	Line() int
	// Skipped counts records the format marks as rejected or ignored.
	Skipped() int
	// Warnings returns every warning so far, oldest first.
	Warnings() []string
}

// RecordWriter writes records of one interchange format: Encode each
// record, then Close, which flushes and returns the first write error.
type RecordWriter interface {
	Encode(r *annotate.Record) error
	Close() error
}

// Format is one interchange format of the registry (All).
type Format struct {
	Name  string   // as given to --format
	Ext   string   // file name extension of an export, with the dot; "" for a folder
	Units []string // offset units the format can count in; the first is the default
	Dir   bool     // the format is a folder of files (brat)
	Doc   string   // one line for the usage text
	// NewReader reads a file; nil if the format is export only. For a Dir
	// format, name is the folder (or one of its files) and r is unused.
	NewReader func(r io.Reader, name string, opt Options) (RecordReader, error)
	// NewWriter writes to w; nil if the format is import only. A Dir format
	// uses NewDirWriter instead.
	NewWriter func(w io.Writer, opt Options) RecordWriter
	// NewDirWriter writes into the folder dir, creating it.
	NewDirWriter func(dir string, opt Options) (RecordWriter, error)
}

// All lists the interchange formats in the order the usage text shows them.
var All = []*Format{
	{Name: "jsonl", Ext: ".jsonl", Units: []string{OffsetsCodepoint}, Doc: "tagdesk's native JSONL (also reads Prodigy/spaCy JSONL)",
		NewReader: func(r io.Reader, name string, _ Options) (RecordReader, error) {
			return NewJSONLDecoder(r, name), nil
		},
		NewWriter: func(w io.Writer, _ Options) RecordWriter { return NewJSONLEncoder(w) }},
	{Name: "spacy", Ext: ".jsonl", Units: []string{OffsetsCodepoint}, Doc: "Prodigy/spaCy JSONL with tokens",
		NewReader: func(r io.Reader, name string, _ Options) (RecordReader, error) {
			return NewJSONLDecoder(r, name), nil
		},
		NewWriter: func(w io.Writer, _ Options) RecordWriter { return NewSpacyEncoder(w) }},
	{Name: "doccano", Ext: ".jsonl", Units: []string{OffsetsUTF16, OffsetsCodepoint}, Doc: "doccano sequence-labelling JSONL",
		NewReader: func(r io.Reader, name string, opt Options) (RecordReader, error) {
			return NewDoccanoDecoder(r, name, opt.Offsets == OffsetsCodepoint), nil
		},
		NewWriter: func(w io.Writer, opt Options) RecordWriter {
			return NewDoccanoEncoder(w, opt.Offsets == OffsetsCodepoint)
		}},
	{Name: "labelstudio", Ext: ".json", Units: []string{OffsetsCodepoint, OffsetsUTF16}, Doc: "Label Studio JSON export (an array of tasks)",
		NewReader: func(r io.Reader, name string, opt Options) (RecordReader, error) {
			return NewLabelStudioDecoder(r, name, opt.Offsets == OffsetsUTF16), nil
		},
		NewWriter: func(w io.Writer, opt Options) RecordWriter {
			return NewLabelStudioEncoder(w, opt.Offsets == OffsetsUTF16)
		}},
	{Name: "brat", Units: []string{OffsetsCodepoint}, Dir: true, Doc: "brat standoff: a folder of NAME.txt + NAME.ann and annotation.conf",
		NewReader: func(_ io.Reader, name string, _ Options) (RecordReader, error) { return NewBratDecoder(name) },
		NewDirWriter: func(dir string, opt Options) (RecordWriter, error) {
			return NewBratEncoder(dir, opt.Schema, opt.Warn)
		}},
	{Name: "conll", Ext: ".conll", Units: []string{OffsetsCodepoint}, Doc: "CoNLL-2003-style IOB2, one token a line",
		NewReader: func(r io.Reader, name string, _ Options) (RecordReader, error) {
			return NewConllDecoder(r, name), nil
		},
		NewWriter: func(w io.Writer, opt Options) RecordWriter {
			return leavesOutRelations(NewConllEncoder(w, opt.Overlap == OverlapError, opt.Warn), "CoNLL", opt.Warn)
		}},
	{Name: "csv", Ext: ".csv", Units: []string{OffsetsCodepoint, OffsetsUTF16}, Doc: "one span a row, for spreadsheets (export only)",
		NewWriter: func(w io.Writer, opt Options) RecordWriter {
			return leavesOutRelations(NewCSVEncoder(w, opt.Offsets == OffsetsUTF16), "CSV", opt.Warn)
		}},
}

// Text names the import of a plain .txt file as one article. It is
// not in All: nothing exports it.
const Text = "text"

// Lookup returns the format named name, or an ErrInvalid error that
// lists the known names.
func Lookup(name string) (*Format, error) {
	for _, f := range All {
		if f.Name == name {
			return f, nil
		}
	}
	return nil, fmt.Errorf("%w: unknown format %q (want %s)", annotate.ErrInvalid, name, Names())
}

// Names returns the registered format names, comma-separated.
func Names() string {
	names := make([]string, len(All))
	for i, f := range All {
		names[i] = f.Name
	}
	return strings.Join(names, ", ")
}

// CheckOffsets checks that the format can count in unit ("" is always
// fine) and returns the unit in force.
func (f *Format) CheckOffsets(unit string) (string, error) {
	if unit == "" {
		return f.Units[0], nil
	}
	for _, u := range f.Units {
		if u == unit {
			return u, nil
		}
	}
	return "", fmt.Errorf("%w: format %s counts offsets in %s, not %q", annotate.ErrInvalid, f.Name, strings.Join(f.Units, " or "), unit)
}

// Detect tells the format of the file at path from its name and the
// first bytes of its content (head; nil for a folder): a folder holding
// .ann files or a .ann file is brat, .txt is text, .json is labelstudio,
// .conll/.iob/.iob2/.bio/.conllu/.conllup is conll, .tsv is conll when
// its first lines are TOKEN TAG, and .jsonl is doccano when its first
// record has a "label", "labels", "annotations" or "entities" key
// ("labels" and "annotations": doccano 1.0–1.2), else jsonl (the native
// and the Prodigy/spaCy shape share a decoder). Other names are told by
// content.
func Detect(path string, head []byte) (string, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		if hasAnnFiles(path) {
			return "brat", nil
		}
		return "", fmt.Errorf("%w: folder holds no brat .ann files", annotate.ErrInvalid)
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt":
		return Text, nil
	case ".ann":
		return "brat", nil
	case ".conll", ".iob", ".iob2", ".bio", ".conllu", ".conllup":
		return "conll", nil
	case ".tsv": // any table: conll only when it reads as TOKEN TAG
		if sniffConll(head) {
			return "conll", nil
		}
	case ".json":
		if firstByte(head) == '{' {
			return sniffJSONL(head), nil
		}
		return "labelstudio", nil
	case ".jsonl", ".ndjson":
		return sniffJSONL(head), nil
	}
	switch firstByte(head) {
	case '{':
		return sniffJSONL(head), nil
	case '[':
		return "labelstudio", nil
	}
	if sniffConll(head) {
		return "conll", nil
	}
	return "", fmt.Errorf("%w: cannot tell the format from the name or content (pass --format: %s)", annotate.ErrInvalid, Names())
}

func firstByte(head []byte) byte {
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(head) == 0 {
		return 0
	}
	return head[0]
}

// sniffJSONL reads the top-level keys of the records in head until one
// has spans ("spans", "tokens": jsonl) or labels ("label", "labels",
// "annotations", "entities": doccano). Records without either say nothing: jsonl.
func sniffJSONL(head []byte) string {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	for len(head) > 0 {
		line := head
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			head = nil
		}
		if f := sniffRecord(line); f != "" {
			return f
		}
	}
	return "jsonl"
}

func sniffRecord(line []byte) string {
	dec := jsontext.NewDecoder(bytes.NewReader(line))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return ""
	}
	for dec.PeekKind() == '"' {
		tok, err := dec.ReadToken()
		if err != nil {
			break
		}
		switch tok.String() {
		case "label", "entities", "labels", "annotations": // labels, annotations: doccano 1.0–1.2
			return "doccano"
		case "spans", "tokens":
			return "jsonl"
		}
		if dec.SkipValue() != nil {
			break
		}
	}
	return ""
}

func hasAnnFiles(dir string) bool {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range ents {
		if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".ann") {
			return true
		}
	}
	return false
}

// offsetUnit converts code point offsets of one text to and from a file's
// offset unit.
type offsetUnit struct {
	ix    *annotate.Index
	utf16 bool
}

// from returns the file's offset of code point cp.
func (u offsetUnit) from(cp int) int {
	if u.utf16 {
		return u.ix.UTF16(cp)
	}
	return cp
}

// to returns the code point offset of the file's offset o.
func (u offsetUnit) to(o int) (int, error) {
	if !u.utf16 {
		if o < 0 || o > u.ix.Len() {
			return 0, fmt.Errorf("offset %d is outside the text (%d code points)", o, u.ix.Len())
		}
		return o, nil
	}
	if o < 0 || o > u.ix.LenUTF16() {
		return 0, fmt.Errorf("UTF-16 offset %d is outside the text (%d UTF-16 code units)", o, u.ix.LenUTF16())
	}
	cp, ok := u.ix.FromUTF16(o)
	if !ok {
		return 0, fmt.Errorf("UTF-16 offset %d falls inside a surrogate pair (the middle of a character outside the BMP, such as an emoji): the file does not count in UTF-16 code units (try --offsets codepoint)", o)
	}
	return cp, nil
}

// warnings collects a reader's warnings.
type warnings struct{ list []string }

func (w *warnings) Warnings() []string { return w.list }
func (w *warnings) warnf(format string, args ...any) {
	w.list = append(w.list, fmt.Sprintf(format, args...))
}

// appendInt appends n in decimal, as strconv.AppendInt does, with a short
// way for the small non-negative numbers that offsets and ids mostly are.
func appendInt(b []byte, n int) []byte {
	switch {
	case n < 0 || n >= 10000:
		return strconv.AppendInt(b, int64(n), 10)
	case n < 10:
		return append(b, byte('0'+n))
	case n < 100:
		return append(b, byte('0'+n/10), byte('0'+n%10))
	case n < 1000:
		return append(b, byte('0'+n/100), byte('0'+n/10%10), byte('0'+n%10))
	}
	return append(b, byte('0'+n/1000), byte('0'+n/100%10), byte('0'+n/10%10), byte('0'+n%10))
}
