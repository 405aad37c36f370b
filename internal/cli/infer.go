package cli

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/format"
)

// inferSchema returns a schema that covers every label, attribute,
// attribute value and relation type that the files and folders of paths use, in any
// importable format (told from each file, or formatName), and for brat
// also what annotation.conf declares. It extends base (the schema in
// force, nil for none): base's labels keep their keys and colours and
// come first, so that setting the result never drops a label in use.
// New labels follow in the order they are first met (brat: as
// annotation.conf declares them) and get the free hot keys 1-9 and
// distinct colours; labels beyond the keys get none.
func inferSchema(paths []string, formatName string, base *annotate.Schema) (*annotate.Schema, int, error) {
	files, err := format.ExpandPaths(paths)
	if err != nil {
		return nil, 0, err
	}
	b := newSchemaBuilder(base)
	for _, p := range files {
		if err := b.readFile(p, formatName); err != nil {
			return nil, 0, err
		}
	}
	sch := b.schema()
	if len(sch.Labels) == 0 {
		return nil, 0, fmt.Errorf("%w: %s: found no labels", annotate.ErrInvalid, strings.Join(paths, ", "))
	}
	return sch, len(files), sch.Validate()
}

// schemaBuilder gathers labels, attributes and values.
type schemaBuilder struct {
	labels    []*annotate.Label
	relations []*annotate.RelationType
	free      map[[2]string]bool // (label, attr) is free text
}

func newSchemaBuilder(base *annotate.Schema) *schemaBuilder {
	b := &schemaBuilder{free: map[[2]string]bool{}}
	if base != nil {
		for _, l := range base.Labels {
			l.Attrs = slices.Clone(l.Attrs)
			for i, a := range l.Attrs {
				l.Attrs[i].Choices = slices.Clone(a.Choices)
				if a.Choices == nil {
					b.free[[2]string{l.Name, a.Name}] = true
				}
			}
			b.labels = append(b.labels, &l)
		}
		for _, r := range base.Relations {
			r.From, r.To = slices.Clone(r.From), slices.Clone(r.To)
			b.relations = append(b.relations, &r)
		}
	}
	return b
}

func (b *schemaBuilder) label(name string) *annotate.Label {
	for _, l := range b.labels {
		if l.Name == name {
			return l
		}
	}
	l := &annotate.Label{Name: name}
	b.labels = append(b.labels, l)
	return l
}

// value records that label's attribute attr takes value v ("" for an
// attribute that is only declared). A value with white space, or more
// than 50 of them, makes the attribute free text.
func (b *schemaBuilder) value(label, attr, v string) {
	if attr == "note" || attr == "canonical" {
		return
	}
	l := b.label(label)
	a := l.Attr(attr)
	if a == nil {
		l.Attrs = append(l.Attrs, annotate.Attr{Name: attr})
		a = &l.Attrs[len(l.Attrs)-1]
	}
	key := [2]string{label, attr}
	switch {
	case v == "" || b.free[key] || slices.Contains(a.Choices, v):
	case strings.ContainsAny(v, " \t\r\n") || len(a.Choices) >= 50:
		b.free[key] = true
		a.Choices = nil
	default:
		a.Choices = append(a.Choices, v)
	}
}

// readFile adds what one file (or brat folder) uses.
func (b *schemaBuilder) readFile(path, name string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return &annotate.PosError{File: path, Err: err}
	}
	var r io.Reader
	if !fi.IsDir() {
		f, err := os.Open(path)
		if err != nil {
			return &annotate.PosError{File: path, Err: err}
		}
		defer f.Close()
		br := bufio.NewReaderSize(f, 1<<20)
		r = br
		if name == "" {
			head, _ := br.Peek(1 << 20)
			if name, err = format.Detect(path, head); err != nil {
				return &annotate.PosError{File: path, Err: err}
			}
		}
	} else if name == "" {
		name = "brat"
	}
	if name == format.Text {
		return nil // an article without spans
	}
	f, err := format.Lookup(name)
	if err != nil || f.NewReader == nil {
		return &annotate.PosError{File: path, Err: fmt.Errorf("%w: format %q cannot be read", annotate.ErrInvalid, name)}
	}
	if f.Dir {
		if err := b.readBratConfs(path); err != nil {
			return err
		}
	}
	rd, err := f.NewReader(r, path, format.Options{})
	if err != nil {
		return err
	}
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		for _, sp := range rec.Spans {
			b.label(sp.Label)
			for k, v := range sp.Attrs {
				b.value(sp.Label, k, v)
			}
		}
		b.recordRelations(rec)
	}
}

// readBratConfs adds the labels and attributes that the annotation.conf
// files of a brat collection declare, used or not; a binary attribute
// takes the one value "true".
func (b *schemaBuilder) readBratConfs(path string) error {
	confs, err := format.FindBratConfs(path)
	if err != nil {
		return err
	}
	for _, c := range confs {
		for _, e := range c.Entities {
			b.label(e)
		}
		for _, a := range c.Attrs {
			vals := a.Values
			if a.Binary() {
				vals = []string{"true"}
			}
			for _, l := range a.Labels {
				for _, v := range vals {
					b.value(l, a.Name, v)
				}
			}
		}
	}
	return nil
}

// schema returns the labels and relation types gathered, with keys and
// colours.
func (b *schemaBuilder) schema() *annotate.Schema {
	sch := &annotate.Schema{}
	keys, colours := map[string]bool{}, map[string]bool{}
	for _, l := range b.labels {
		keys[l.Key], colours[strings.ToUpper(l.Color)] = l.Key != "", l.Color != ""
	}
	nextKey, nextColour := 1, 0
	for _, l := range b.labels {
		if l.Key == "" {
			for nextKey <= 9 && keys[strconv.Itoa(nextKey)] {
				nextKey++
			}
			if nextKey <= 9 {
				l.Key = strconv.Itoa(nextKey)
				keys[l.Key] = true
			}
		}
		if l.Color == "" {
			for colours[labelColour(nextColour)] {
				nextColour++
			}
			l.Color = labelColour(nextColour)
			colours[l.Color] = true
		}
		sch.Labels = append(sch.Labels, *l)
	}
	sch.Relations = b.relationTypes(sch.Labels, colours, nextColour)
	return sch
}

// palette: the default schema's four colours, then others of the same
// strength, distinct from them; all read as translucent bands on light
// and dark backgrounds alike.
var palette = []string{"#3D7EF0", "#E8900C", "#D6336C", "#1FA776", "#8E5CD9", "#0FA3B1",
	"#C9A100", "#E0563B", "#6B8E23", "#B8509E", "#4F7CAC", "#A0622D"}

// labelColour returns the i-th colour: the palette, then hues a golden
// angle apart at the palette's strength.
func labelColour(i int) string {
	if i < len(palette) {
		return palette[i]
	}
	h := math.Mod(float64(i-len(palette))*137.508+15, 360) / 60
	const c, l = 0.6, 0.5 // chroma and lightness of HSL(h, 60 %, 50 %)
	x := c * (1 - math.Abs(math.Mod(h, 2)-1))
	var r, g, bl float64
	switch int(h) {
	case 0:
		r, g = c, x
	case 1:
		r, g = x, c
	case 2:
		g, bl = c, x
	case 3:
		g, bl = x, c
	case 4:
		r, bl = x, c
	default:
		r, bl = c, x
	}
	m := l - c/2
	to := func(v float64) int { return int(math.Round((v + m) * 255)) }
	return fmt.Sprintf("#%02X%02X%02X", to(r), to(g), to(bl))
}
