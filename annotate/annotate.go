// Package annotate is tagdesk's domain: articles, spans, labels and their
// schema, annotation status, the offset contract, validation, and the
// interchange formats. It is pure Go: it imports neither Fyne nor
// database/sql, so everything here is tested without a GUI or a database.
//
// Offsets. A span's Start and End are Unicode code point offsets into the
// article text, End exclusive: exactly Python's text[start:end]. The text is
// kept byte for byte as imported (no CRLF or Unicode normalisation).
package annotate

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Sentinel errors. Store implementations wrap these; callers test with
// errors.Is.
var (
	ErrNotFound = errors.New("not found")
	ErrInvalid  = errors.New("invalid")
	ErrConflict = errors.New("conflict")
	// ErrBusy means another program held the database's write lock for so
	// long that a change gave up waiting; nothing of it was stored, and
	// trying again later stores it.
	ErrBusy = errors.New("busy")
	// ErrDamaged means the database file is damaged (a bad disk sector, a
	// copy taken while another program wrote): SQLite could not read it,
	// or what it read does not match the checksum stored with it. The
	// change or read that met it did nothing.
	ErrDamaged = errors.New("damaged")
)

// Article is one text to be labelled.
type Article struct {
	ID        int64  // store row id; 0 until stored
	ExtID     string // external id: from the import, or a stable hash of the text
	Title     string
	Source    string
	URL       string
	Published string
	Text      string                     // byte for byte as imported
	Meta      map[string]json.RawMessage // meta keys beyond title, source, url, published
	Created   time.Time
	Updated   time.Time
}

// IsArticleField reports whether meta key k is an Article field.
func IsArticleField(k string) bool {
	return k == "title" || k == "source" || k == "url" || k == "published"
}

// SetField sets the Article field that meta key k names (title, source,
// url, published) and reports whether k names one.
func (a *Article) SetField(k, v string) bool {
	switch k {
	case "title":
		a.Title = v
	case "source":
		a.Source = v
	case "url":
		a.URL = v
	case "published":
		a.Published = v
	default:
		return false
	}
	return true
}

// Span is one labelled stretch of an article's text.
type Span struct {
	ID        int64 // store row id; 0 until stored
	ArticleID int64
	Start     int // code point offset, inclusive
	End       int // code point offset, exclusive
	Label     string
	Attrs     map[string]string
	Note      string
	Canonical string
	Annotator string
	Text      string // the covered text: filled on export, checked on import when set
	Created   time.Time
	Updated   time.Time
}

// Status is an annotator's progress on one article.
type Status string

// The statuses, in the order an article moves through them.
const (
	StatusTodo       Status = "todo"
	StatusInProgress Status = "in_progress"
	StatusDone       Status = "done"
	StatusSkipped    Status = "skipped"
)

// Statuses lists every valid status.
var Statuses = []Status{StatusTodo, StatusInProgress, StatusDone, StatusSkipped}

// ParseStatus returns the status named s, or an ErrInvalid error.
func ParseStatus(s string) (Status, error) {
	for _, st := range Statuses {
		if string(st) == s {
			return st, nil
		}
	}
	return "", fmt.Errorf("%w: unknown status %q (want todo, in_progress, done or skipped)", ErrInvalid, s)
}

// Record is one article as it travels through import and export: the
// article, whose work it is, its status, and that annotator's spans and
// relations between them. It is one line of the native JSONL.
type Record struct {
	Article   Article
	Annotator string
	Status    Status
	Spans     []Span
	Relations []RecordRelation // Head and Child index Spans
	Flag      Flag             // the annotator's flag for the curator (FlagStore)
}

// PosError is an error at a place in an input file. It prints as
// "FILE:LINE: message", the form every tagdesk command reports bad input in.
type PosError struct {
	File string
	Line int // 1-based; 0 when the error is about the whole file
	Err  error
}

func (e *PosError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *PosError) Unwrap() error { return e.Err }
