package format

import (
	"bytes"
	"fmt"
	"github.com/tagdesk/tagdesk/annotate"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// BratEncoder writes brat standoff into a folder: per record NAME.txt
// (the text byte for byte) and NAME.ann, and on Close annotation.conf
// (entities, their attributes with choices, and overlap allowed) and
// visual.conf (the schema's colours). NAME is the article's id with
// characters not allowed in a file name replaced by "_"; a second record of
// the same article (another annotator) gets "__ANNOTATOR" added. Spans
// are T lines, attributes A lines (empty values are left out), notes
// AnnotatorNotes, canonical values Reference lines ("db:id" values as
// they are, others as tagdesk:… with the value as the text). Relations
// are R lines (`R1<TAB>imposed_by Arg1:T2 Arg2:T1`, their notes
// AnnotatorNotes on the R), and annotation.conf's [relations] declares the
// schema's relation types with the labels they join. A note
// spanning lines is written on one (a warning); see appendNotes for the
// lines of a note that become references and comments of other types.
// An attribute the schema declares binary (its only choice "true") is
// written as brat writes one, without value. Offsets are brat's reading:
// code points, "\r\n" counted as one (see brat_offsets.go). Annotator and status have no place
// in brat: pass --annotator to the import.
type BratEncoder struct {
	dir    string
	schema *annotate.Schema
	warn   func(string)
	names  map[string]bool
	labels map[string]map[string]map[string]bool // label → attr → values seen
	rels   map[string][2][]string                // relation types the schema lacks → head and tail labels seen
	buf    []byte
	err    error
}

// NewBratEncoder creates the folder dir (if needed) and writes into it.
func NewBratEncoder(dir string, schema *annotate.Schema, warn func(string)) (*BratEncoder, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, pathErr(err))
	}
	return &BratEncoder{dir: dir, schema: schema, warn: warn, names: map[string]bool{}, labels: map[string]map[string]map[string]bool{}}, nil
}

func (e *BratEncoder) warnf(format string, args ...any) {
	if e.warn != nil {
		e.warn(fmt.Sprintf(format, args...))
	}
}

// Encode writes one record's .txt and .ann.
func (e *BratEncoder) Encode(r *annotate.Record) error {
	a := &r.Article
	name := safeName(a.ExtID)
	if e.names[name] {
		name += "__" + safeName(r.Annotator)
		for i := 2; e.names[name]; i++ {
			name = fmt.Sprintf("%s__%s_%d", safeName(a.ExtID), safeName(r.Annotator), i)
		}
	}
	e.names[name] = true
	b := e.appendAnn(e.buf[:0], r)
	e.buf = b
	if err := os.WriteFile(filepath.Join(e.dir, name+".txt"), []byte(a.Text), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(e.dir, name+".ann"), b, 0o644)
}

// appendAnn appends the .ann file of r to b and notes its labels and
// attribute values for annotation.conf.
func (e *BratEncoder) appendAnn(b []byte, r *annotate.Record) []byte {
	a := &r.Article
	ix := annotate.NewIndex(a.Text)
	cm := newCRLFMap(a.Text, false)
	var cnt bratCounts
	for i := range r.Spans {
		sp := &r.Spans[i]
		t := "T" + strconv.Itoa(i+1)
		b = append(b, t...)
		b = append(b, '\t')
		b = append(b, sp.Label...)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(cm.toBrat(sp.Start)), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(cm.toBrat(sp.End)), 10)
		b = append(b, '\t')
		b = append(b, oneLine(ix.Slice(sp.Start, sp.End))...)
		b = append(b, '\n')
		attrs := e.labels[sp.Label]
		if attrs == nil {
			attrs = map[string]map[string]bool{}
			e.labels[sp.Label] = attrs
		}
		for _, k := range sortedKeys(sp.Attrs) {
			v := sp.Attrs[k]
			if attrs[k] == nil {
				attrs[k] = map[string]bool{}
			}
			if v == "" {
				continue
			}
			attrs[k][v] = true
			cnt.a++
			if v == "true" && e.binary(sp.Label, k) {
				b = fmt.Appendf(b, "A%d\t%s %s\n", cnt.a, k, t)
				continue
			}
			b = fmt.Appendf(b, "A%d\t%s %s %s\n", cnt.a, k, t, strings.Join(strings.Fields(v), "_"))
		}
		b = e.appendNotes(b, &cnt, a.ExtID, t, sp, ix.Slice(sp.Start, sp.End))
	}
	return e.appendRelations(b, r, &cnt)
}

// Close writes annotation.conf and visual.conf.
func (e *BratEncoder) Close() error {
	var conf, vis bytes.Buffer
	type attrDef struct {
		labels  []string
		choices []string
	}
	var order []string
	labels := map[string]*annotate.Label{}
	if e.schema != nil {
		for i := range e.schema.Labels {
			l := &e.schema.Labels[i]
			order = append(order, l.Name)
			labels[l.Name] = l
		}
	}
	var extra []string
	for l := range e.labels {
		if labels[l] == nil {
			extra = append(extra, l)
		}
	}
	sort.Strings(extra)
	order = append(order, extra...)
	attrs := map[string]*attrDef{}
	var attrOrder []string
	addAttr := func(label, name string, choices []string) {
		ad := attrs[name]
		if ad == nil {
			ad = &attrDef{}
			attrs[name] = ad
			attrOrder = append(attrOrder, name)
		}
		if !slices.Contains(ad.labels, label) {
			ad.labels = append(ad.labels, label)
		}
		for _, c := range choices {
			if c = strings.Join(strings.Fields(c), "_"); !slices.Contains(ad.choices, c) {
				ad.choices = append(ad.choices, c)
			}
		}
	}
	conf.WriteString("# brat configuration written by tagdesk from its label schema\n[entities]\n")
	for _, l := range order {
		conf.WriteString(l + "\n")
		if sl := labels[l]; sl != nil {
			for _, a := range sl.Attrs {
				addAttr(l, a.Name, a.Choices)
			}
			fmt.Fprintf(&vis, "%s\tbgColor:%s\n", l, sl.Color)
		}
		seen := e.labels[l]
		names := make([]string, 0, len(seen))
		for k := range seen {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			vals := make([]string, 0, len(seen[k]))
			for v := range seen[k] {
				vals = append(vals, v)
			}
			sort.Strings(vals)
			addAttr(l, k, vals)
		}
	}
	conf.WriteString("\n[relations]\n" + e.confRelations() + "# spans may overlap and nest, as in tagdesk\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n\n[attributes]\n")
	for _, name := range attrOrder {
		ad := attrs[name]
		fmt.Fprintf(&conf, "%s\tArg:%s", name, strings.Join(ad.labels, "|"))
		if len(ad.choices) > 0 && !(isBinary(ad.choices) && e.binaryAttr(name, ad.labels)) {
			fmt.Fprintf(&conf, ", Value:%s", strings.Join(ad.choices, "|"))
		}
		conf.WriteString("\n")
	}
	if err := os.WriteFile(filepath.Join(e.dir, "annotation.conf"), conf.Bytes(), 0o644); err != nil {
		return err
	}
	if vis.Len() > 0 {
		return os.WriteFile(filepath.Join(e.dir, "visual.conf"), append([]byte("[labels]\n\n[drawing]\n"), vis.Bytes()...), 0o644)
	}
	return nil
}

// safeName makes an id usable as a file name on every system.
func safeName(id string) string {
	if id == "" {
		return "_"
	}
	b := []byte(id)
	for i, c := range b {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
		if !ok {
			b[i] = '_'
		}
	}
	if b[0] == '.' {
		b[0] = '_'
	}
	return string(b)
}
