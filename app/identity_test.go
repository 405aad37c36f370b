package app

import (
	"context"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// roleStore is a store whose connection is a user's (a PostgreSQL role).
type roleStore struct {
	*memStore
	user string
}

func (s roleStore) User() string { return s.user }

// TestAnnotatorIsTheRole: on a store with a user of its own the window
// labels as that user, without asking; a name given explicitly (a curator
// labelling gold) wins.
func TestAnnotatorIsTheRole(t *testing.T) {
	for _, tt := range []struct{ name, named, want string }{
		{"Role", "", "dora"},
		{"Named", "gold", "gold"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := newMemStore(art1)
			u := newTestUIWith(t, roleStore{m, "dora"}, Options{Version: "test", Annotator: tt.named, Poll: -1})
			settle(t, u)
			if u.annotator != tt.want {
				t.Fatalf("annotator %q, want %q", u.annotator, tt.want)
			}
			u.markDone()
			settle(t, u)
			if got, _ := m.Status(context.Background(), 1, tt.want); got != annotate.StatusDone {
				t.Errorf("%s's status after Done: %s", tt.want, got)
			}
			if len(u.dialogs) > 0 {
				t.Errorf("a dialog asked: %d open", len(u.dialogs))
			}
		})
	}
}
