package format

// Reading JSON. Every JSON decoder of this package (native JSONL and the
// Prodigy/spaCy shape, doccano, Label Studio) reads through one library,
// github.com/go-json-experiment/json: the json/v2 API that Go 1.27 ships
// as encoding/json/v2 (switch the import then; never build with
// GOEXPERIMENT=jsonv2 meanwhile). It refuses invalid UTF-8 and duplicate
// keys, and its errors carry the exact byte offset of the bad byte and a
// JSON pointer to the value, which become FILE:LINE and the wording below.
// docs/json.md has the measurements behind the choice.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"

	"github.com/tagdesk/tagdesk/annotate"
)

// readOpts are the options of every decoder: a struct field's name is
// matched exactly, else case-insensitively, as encoding/json v1 matched it
// and as the readers always have ("Text" is text; "start_offset" is not
// "startoffset"). Fields that a format keeps in a JSON object of free keys
// (meta, doccano's top level, Label Studio's data) are tagged case:strict.
var readOpts = jsonv2.JoinOptions(
	jsonv2.MatchCaseInsensitiveNames(true),
	jsonv1.MatchCaseSensitiveDelimiter(true),
)

// unmarshal decodes one JSON value with readOpts.
func unmarshal(b []byte, v any) error { return jsonv2.Unmarshal(b, v, readOpts) }

// jsonErrText words a decoding error for a FILE:LINE message. col, when
// true, adds the 1-based column of the bad byte (for a value that is a
// whole line); skip drops that many leading tokens from the JSON pointer
// (the index of a Label Studio task in its array).
func jsonErrText(err error, col bool, skip int) string {
	var se *jsontext.SyntacticError
	var me *jsonv2.SemanticError
	var off int64
	var text string
	switch {
	case errors.As(err, &se) && se.Err == jsontext.ErrDuplicateName:
		off = se.ByteOffset
		text = fmt.Sprintf("duplicate key %q", se.JSONPointer.LastToken())
		if p := fieldPath(se.JSONPointer.Parent(), skip); p != "" {
			text += " in " + p
		}
	case errors.As(err, &se):
		off = se.ByteOffset
		text = "malformed JSON: " + syntaxText(se, skip)
	case errors.As(err, &me):
		off = me.ByteOffset
		text = semanticText(me, skip)
	default:
		return "malformed JSON: " + err.Error()
	}
	if col {
		text += " (column " + strconv.FormatInt(off+1, 10) + ")"
	}
	return text
}

// syntaxText is a syntax error without the library's prefix and offset.
func syntaxText(se *jsontext.SyntacticError, skip int) string {
	text := "unexpected end of input"
	if se.Err != nil && !errors.Is(se.Err, io.ErrUnexpectedEOF) {
		text = se.Err.Error()
	}
	if p := fieldPath(se.JSONPointer, skip); p != "" {
		text += " in " + p
	}
	return text
}

// semanticText words a value of the wrong type ("spans[0].start must be
// an integer, not string") or a reader's own error about a value.
func semanticText(me *jsonv2.SemanticError, skip int) string {
	var own *valueError
	if errors.As(me.Err, &own) {
		p := me.JSONPointer
		for range own.up {
			p = p.Parent()
		}
		return orRecord(fieldPath(p, skip)) + " " + own.msg
	}
	path := orRecord(fieldPath(me.JSONPointer, skip))
	want := "of another type"
	if me.GoType != nil {
		want = typeWord(me.GoType)
	}
	text := path + " must be " + want
	if me.JSONKind != 0 {
		text += ", not " + kindWord(me.JSONKind)
		if me.JSONKind == '0' && len(me.JSONValue) > 0 {
			text += " " + string(me.JSONValue)
		}
	}
	return text
}

// valueError is a reader's own complaint about one value; the JSON
// pointer of the SemanticError that carries it names the value, or with
// up the value that many levels above it.
type valueError struct {
	msg string
	up  int
}

func orRecord(path string) string {
	if path == "" {
		return "the record"
	}
	return path
}

func (e *valueError) Error() string { return e.msg }

// fieldPath writes a JSON pointer as a path: /spans/0/start is
// spans[0].start.
func fieldPath(p jsontext.Pointer, skip int) string {
	var b strings.Builder
	for tok := range p.Tokens() {
		if skip > 0 {
			skip--
			continue
		}
		if _, err := strconv.Atoi(tok); err == nil && b.Len() > 0 {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String()
}

func typeWord(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int64:
		return "an integer"
	case reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return t.String()
}

func kindWord(k jsontext.Kind) string {
	switch k {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "a string"
	case '0':
		return "number"
	case 't', 'f':
		return k.String()
	}
	return "null"
}

// lineErr words the error of decoding a JSON line for the line's
// PosError: bad UTF-8 anywhere in the line first, since that is what the
// library's error then stems from.
func lineErr(line []byte, err error) error {
	if !utf8.Valid(line) {
		return fmt.Errorf("%w: line is not valid UTF-8 (column %d)", annotate.ErrInvalid, invalidUTF8At(line)+1)
	}
	return fmt.Errorf("%w: %s", annotate.ErrInvalid, jsonErrText(err, true, 0))
}

// invalidUTF8At returns the offset of the first byte of b that is not
// valid UTF-8.
func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// offset is a span offset that knows whether the input had it (null is
// not having it): no pointer to allocate.
type offset struct {
	N   int
	Set bool
}

func (o *offset) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	if dec.PeekKind() == 'n' {
		_, err := dec.ReadToken()
		return err
	}
	o.Set = true
	return jsonv2.UnmarshalDecode(dec, &o.N)
}

// jsonID is an id that is a JSON string or number: a number keeps its
// digits as written. null is no id.
type jsonID string

var errID = &valueError{msg: "must be a string or a number"}

func (id *jsonID) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	switch dec.PeekKind() {
	case '"', '0', 'n':
		tok, err := dec.ReadToken()
		if err == nil && tok.Kind() != 'n' {
			*id = jsonID(tok.String())
		}
		return err
	case 0:
		_, err := dec.ReadToken() // the syntax error
		return err
	}
	return errID
}

// idOf returns a JSON string or number as an id.
func idOf(v jsontext.Value) (string, bool) {
	switch v.Kind() {
	case '"':
		var s string
		return s, unmarshal(v, &s) == nil
	case '0':
		return string(v), true
	}
	return "", false
}

// listLen counts the elements of a list that is not kept (doccano's
// relations, Label Studio's predictions); null is none.
type listLen int

func (n *listLen) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	switch dec.PeekKind() {
	case 'n':
		_, err := dec.ReadToken()
		return err
	case '[':
	case 0:
		_, err := dec.ReadToken()
		return err
	default:
		return &valueError{msg: "must be a list"}
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	for dec.PeekKind() != ']' {
		if err := dec.SkipValue(); err != nil {
			return err
		}
		*n++
	}
	_, err := dec.ReadToken()
	return err
}

// metaOf returns the raw values of free meta keys as the Article keeps
// them.
func metaOf(extra map[string]jsontext.Value) map[string]json.RawMessage {
	if len(extra) == 0 {
		return nil
	}
	m := make(map[string]json.RawMessage, len(extra))
	for k, v := range extra {
		m[k] = json.RawMessage(v)
	}
	return m
}
