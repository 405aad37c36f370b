package format

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
)

// BratConf is what a brat collection's annotation.conf declares, as far
// as tagdesk uses it: the entity types (the labels), the event types
// (whose T lines are triggers, not spans), the relation types and the
// attributes with the labels they apply to and their values.
//
// The syntax is brat's (v1.3): sections [entities], [relations],
// [events] and [attributes]; "#" starts a comment; in [entities] a TAB
// (or space) indent makes a type the child of the one above it and a
// leading "!" marks a type that only groups others; a line
// "<NAME>=A|B" defines a macro used in arguments; an attribute line is
// "NAME<TAB>Arg:TYPES[, Value:a|b|c]", without Value a binary attribute.
type BratConf struct {
	Path      string
	Entities  []string // types for annotation, in declaration order
	Events    []string
	Relations []string
	Attrs     []BratAttr
	abstract  map[string]bool
	children  map[string][]string
	macros    map[string]string
}

// BratAttr is one attribute of annotation.conf.
type BratAttr struct {
	Name   string
	Labels []string // the entity types it applies to (events and relations left out)
	Values []string // nil for a binary attribute (present or not)
}

// Binary reports whether the attribute has no values: brat writes it as
// "A1<TAB>Negated T1" and tagdesk stores it as "true".
func (a BratAttr) Binary() bool { return len(a.Values) == 0 }

// ReadBratConf reads the annotation.conf file at path. A line it cannot
// read is an error naming the file and line.
func ReadBratConf(path string) (*BratConf, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &annotate.PosError{File: path, Err: pathErr(err)}
	}
	c := &BratConf{Path: path, abstract: map[string]bool{}, children: map[string][]string{}, macros: map[string]string{}}
	type pending struct {
		line       int
		name, args string
	}
	var attrs []pending
	section := ""
	var parents []string // the entity type at each indent depth
	for n, line := range strings.Split(strings.TrimPrefix(string(data), "\ufeff"), "\n") {
		n++
		line = strings.TrimRight(line, "\r")
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || trimmed[0] == '#' {
			continue
		}
		bad := func(format string, a ...any) error {
			return &annotate.PosError{File: path, Line: n, Err: fmt.Errorf("%w: "+format, append([]any{annotate.ErrInvalid}, a...)...)}
		}
		if trimmed[0] == '[' {
			section = strings.Trim(trimmed, "[] \t")
			if !slices.Contains([]string{"entities", "relations", "events", "attributes"}, section) {
				return nil, bad("unknown section [%s] (want entities, relations, events or attributes)", section)
			}
			continue
		}
		if name, def, ok := strings.Cut(trimmed, "="); ok && strings.HasPrefix(name, "<") && strings.HasSuffix(strings.TrimSpace(name), ">") && !strings.ContainsAny(name, " \t") {
			c.macros[name] = strings.TrimSpace(def)
			continue
		}
		name, args := trimmed, ""
		if i := strings.IndexAny(trimmed, " \t"); i >= 0 {
			name, args = trimmed[:i], strings.TrimSpace(trimmed[i:])
		}
		abstract := strings.HasPrefix(name, "!")
		name = strings.TrimPrefix(name, "!")
		switch section {
		case "entities":
			depth := len(line) - len(strings.TrimLeft(line, " \t"))
			if depth > len(parents) {
				depth = len(parents)
			}
			parents = append(parents[:depth], name)
			if depth > 0 {
				c.children[parents[depth-1]] = append(c.children[parents[depth-1]], name)
			}
			if abstract {
				c.abstract[name] = true
			} else {
				c.Entities = append(c.Entities, name)
			}
		case "events":
			if abstract {
				c.abstract[name] = true
			} else {
				c.Events = append(c.Events, name)
			}
		case "relations":
			if !strings.HasPrefix(name, "<") {
				c.Relations = append(c.Relations, name)
			}
		case "attributes":
			attrs = append(attrs, pending{n, name, args})
		default:
			return nil, bad("%q before the first section", clip(trimmed))
		}
	}
	for _, p := range attrs {
		a, err := c.attr(p.name, p.args)
		if err != nil {
			return nil, &annotate.PosError{File: path, Line: p.line, Err: fmt.Errorf("%w: attribute %s: %v", annotate.ErrInvalid, p.name, err)}
		}
		c.Attrs = append(c.Attrs, a)
	}
	return c, nil
}

// attr reads an attribute's "Arg:…, Value:…" part.
func (c *BratConf) attr(name, args string) (BratAttr, error) {
	a := BratAttr{Name: name}
	for _, part := range strings.Split(args, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, ":")
		if !ok {
			return a, fmt.Errorf("%q: want Arg:TYPES or Value:a|b", clip(part))
		}
		switch k {
		case "Arg":
			a.Labels = c.expand(v)
		case "Value":
			for _, val := range strings.Split(v, "|") {
				if val, _, _ = strings.Cut(strings.TrimSpace(val), ":"); val != "" { // "Value:High:glyph" in old files
					a.Values = append(a.Values, val)
				}
			}
		}
	}
	return a, nil
}

// expand turns an Arg list into the entity types it covers: macros are
// replaced, <ENTITY> is every entity type, an abstract type its
// descendants; events and relations are left out.
func (c *BratConf) expand(arg string) []string {
	var out []string
	var add func(t string, depth int)
	add = func(t string, depth int) {
		t = strings.TrimSpace(t)
		if def, ok := c.macros[t]; ok && depth < 10 {
			for _, u := range strings.Split(def, "|") {
				add(u, depth+1)
			}
			return
		}
		switch {
		case t == "<ENTITY>":
			for _, e := range c.Entities {
				add(e, depth)
			}
			return
		case slices.Contains(c.Entities, t) && !slices.Contains(out, t):
			out = append(out, t)
		}
		for _, ch := range c.children[t] {
			add(ch, depth+1)
		}
	}
	for _, t := range strings.Split(arg, "|") {
		add(t, 0)
	}
	return out
}

// IsEvent reports whether label is an event type and not an entity type:
// its T lines are event triggers.
func (c *BratConf) IsEvent(label string) bool {
	return c != nil && slices.Contains(c.Events, label) && !slices.Contains(c.Entities, label)
}

// binaryAttr reports whether the conf declares the attribute name binary.
func (c *BratConf) binaryAttr(name string) bool {
	if c == nil {
		return false
	}
	for _, a := range c.Attrs {
		if a.Name == name {
			return a.Binary()
		}
	}
	return false
}

// FindBratConfs returns every annotation.conf under dir (dir a brat
// collection, or one of its files), read, in path order.
func FindBratConfs(dir string) ([]*BratConf, error) {
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		dir = filepath.Dir(dir)
	}
	var confs []*BratConf
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return &annotate.PosError{File: p, Err: pathErr(err)}
		}
		if e.IsDir() || e.Name() != "annotation.conf" {
			return nil
		}
		c, err := ReadBratConf(p)
		if err == nil {
			confs = append(confs, c)
		}
		return err
	})
	return confs, err
}

// confFor returns the annotation.conf that governs the document at base
// (a path without extension): brat's, the nearest one in its folder or
// above it up to the collection's folder; nil if there is none.
func (d *BratDecoder) confFor(base string) (*BratConf, error) {
	if d.confs == nil {
		d.confs = map[string]*BratConf{}
	}
	for dir := filepath.Dir(base); ; dir = filepath.Dir(dir) {
		if c, ok := d.confs[dir]; ok {
			if c != nil {
				return c, nil
			}
		} else {
			p := filepath.Join(dir, "annotation.conf")
			c, err := ReadBratConf(p)
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, err
			}
			d.confs[dir] = c
			if c != nil {
				return c, nil
			}
		}
		if rel, err := filepath.Rel(d.dir, dir); err != nil || rel == "." || strings.HasPrefix(rel, "..") || dir == filepath.Dir(dir) {
			return nil, nil
		}
	}
}
