package annotate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/color"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/tagdesk/tagdesk/assets"
)

// Schema is the label set in force: names, colours, hot keys and each
// label's attributes, and the annotation guidelines that go with them. A
// project may load its own from TOML or JSON.
type Schema struct {
	// Guidelines is Markdown text on how to label (Help → Guidelines),
	// set with `tagdesk schema --guidelines FILE`; "" for none.
	Guidelines string         `toml:"guidelines,omitempty" json:"guidelines,omitempty"`
	Labels     []Label        `toml:"labels" json:"labels"`
	Relations  []RelationType `toml:"relations,omitempty" json:"relations,omitempty"`
}

// Label is one label of the schema.
type Label struct {
	Name        string `toml:"name" json:"name"`
	Key         string `toml:"key" json:"key"`     // hot key "1".."9", or "" for none
	Color       string `toml:"color" json:"color"` // #RRGGBB
	Description string `toml:"description,omitempty" json:"description,omitempty"`
	Attrs       []Attr `toml:"attrs,omitempty" json:"attrs,omitempty"`
}

// Attr is one attribute of a label: a choice from a list when Choices is
// set, free text otherwise.
type Attr struct {
	Name    string   `toml:"name" json:"name"`
	Choices []string `toml:"choices,omitempty" json:"choices,omitempty"`
}

// DefaultSchema returns the bundled schema: PERSON, ORG, MEASURE and
// JURISDICTION on keys 1-4.
func DefaultSchema() *Schema {
	s, err := ParseSchema("schema.toml", assets.SchemaTOML)
	if err != nil {
		panic("bundled schema: " + err.Error())
	}
	return s
}

// ParseSchema reads a schema from TOML or JSON (JSON when the data starts
// with '{') and validates it. name is used in error messages.
func ParseSchema(name string, data []byte) (*Schema, error) {
	var s Schema
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '{' {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&s); err != nil {
			return nil, &PosError{File: name, Line: jsonErrLine(data, err), Err: fmt.Errorf("%w: %v", ErrInvalid, err)}
		}
	} else {
		md, err := toml.Decode(string(data), &s)
		if err != nil {
			line := 0
			if pe, ok := err.(toml.ParseError); ok {
				line = pe.Position.Line
			}
			return nil, &PosError{File: name, Line: line, Err: fmt.Errorf("%w: %v", ErrInvalid, err)}
		}
		if und := md.Undecoded(); len(und) > 0 {
			return nil, &PosError{File: name, Err: fmt.Errorf("%w: unknown key %q", ErrInvalid, und[0].String())}
		}
	}
	if err := s.Validate(); err != nil {
		return nil, &PosError{File: name, Err: err}
	}
	return &s, nil
}

// jsonErrLine returns the 1-based line of a JSON syntax error, or 0.
func jsonErrLine(data []byte, err error) int {
	var off int64 = -1
	switch e := err.(type) {
	case *json.SyntaxError:
		off = e.Offset
	case *json.UnmarshalTypeError:
		off = e.Offset
	}
	if off < 0 || off > int64(len(data)) {
		return 0
	}
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}

// Validate checks that the schema is usable: at least one label, unique
// names, keys 1-9 or none (a label beyond the ninth has no hot key; it is
// applied from its button), no key used twice, colours #RRGGBB, attribute
// names unique per label, and its relation types (see validateRelations).
func (s *Schema) Validate() error {
	if len(s.Labels) == 0 {
		return fmt.Errorf("%w: schema has no labels", ErrInvalid)
	}
	names, keys := map[string]bool{}, map[string]bool{}
	for _, l := range s.Labels {
		if l.Name == "" || strings.ContainsAny(l.Name, " \t\r\n") {
			return fmt.Errorf("%w: label name %q must be non-empty without spaces", ErrInvalid, l.Name)
		}
		if names[l.Name] {
			return fmt.Errorf("%w: label %s appears twice", ErrInvalid, l.Name)
		}
		names[l.Name] = true
		if err := checkKey(l, keys); err != nil {
			return err
		}
		if _, err := ParseColor(l.Color); err != nil {
			return fmt.Errorf("%w: label %s: %v", ErrInvalid, l.Name, err)
		}
		an := map[string]bool{}
		for _, a := range l.Attrs {
			if a.Name == "" || a.Name == "note" || a.Name == "canonical" {
				return fmt.Errorf("%w: label %s: attribute name %q is empty or reserved", ErrInvalid, l.Name, a.Name)
			}
			if an[a.Name] {
				return fmt.Errorf("%w: label %s: attribute %s appears twice", ErrInvalid, l.Name, a.Name)
			}
			an[a.Name] = true
		}
	}
	return s.validateRelations()
}

// checkKey checks a label's hot key: "1".."9" and not taken, or none.
func checkKey(l Label, keys map[string]bool) error {
	if l.Key == "" {
		return nil
	}
	if len(l.Key) != 1 || l.Key[0] < '1' || l.Key[0] > '9' {
		return fmt.Errorf("%w: label %s: key %q must be one of 1-9, or empty for none", ErrInvalid, l.Name, l.Key)
	}
	if keys[l.Key] {
		return fmt.Errorf("%w: label %s: key %s is already used", ErrInvalid, l.Name, l.Key)
	}
	keys[l.Key] = true
	return nil
}

// Label returns the label named name, or nil.
func (s *Schema) Label(name string) *Label {
	for i := range s.Labels {
		if s.Labels[i].Name == name {
			return &s.Labels[i]
		}
	}
	return nil
}

// LabelByKey returns the label on hot key k ("1".."9"), or nil (also for
// k == "": a label without a key is not on any).
func (s *Schema) LabelByKey(k string) *Label {
	for i := range s.Labels {
		if k != "" && s.Labels[i].Key == k {
			return &s.Labels[i]
		}
	}
	return nil
}

// Attr returns the label's attribute named name, or nil.
func (l *Label) Attr(name string) *Attr {
	for i := range l.Attrs {
		if l.Attrs[i].Name == name {
			return &l.Attrs[i]
		}
	}
	return nil
}

// TOML returns the schema as a TOML document that ParseSchema reads back.
func (s *Schema) TOML() []byte {
	var b bytes.Buffer
	if err := toml.NewEncoder(&b).Encode(s); err != nil {
		panic(err) // a Schema always encodes
	}
	return b.Bytes()
}

// ParseColor reads a #RRGGBB colour.
func ParseColor(s string) (color.NRGBA, error) {
	var c color.NRGBA
	if len(s) != 7 || s[0] != '#' {
		return c, fmt.Errorf("colour %q must be #RRGGBB", s)
	}
	var r, g, b uint8
	if _, err := fmt.Sscanf(s[1:], "%02x%02x%02x", &r, &g, &b); err != nil {
		return c, fmt.Errorf("colour %q must be #RRGGBB", s)
	}
	return color.NRGBA{R: r, G: g, B: b, A: 0xff}, nil
}
