package annotate

// Identified is a Store whose connection acts as a user of its own, as a
// PostgreSQL role does: what is done through it is that user's. The
// window and the commands take User as the annotator unless one is named
// explicitly (a curator names "gold"); the database itself may allow each
// user their own work only (blind mode), whatever the program.
type Identified interface {
	User() string
}

// AnnotatorOf returns named when it is set, else the user of an
// Identified store, else "".
func AnnotatorOf(st Store, named string) string {
	if named != "" {
		return named
	}
	if id, ok := st.(Identified); ok {
		return id.User()
	}
	return ""
}
