package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// TestGUIReviewArgs: --review and --gold reach the window, checked first.
func TestGUIReviewArgs(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	for _, tt := range []struct {
		args []string
		code int
		want string // the window's Review and Curator, or the error's words
	}{
		{[]string{"--review", "alice, bob,alice"}, 0, "alice,bob → gold"},
		{[]string{"--review", "alice,bob,carol", "--gold", "adjudicated"}, 0, "alice,bob,carol → adjudicated"},
		{nil, 0, " → "},
		{[]string{"--review", "alice"}, 2, "two annotators or more"},
		{[]string{"--review", "alice,gold"}, 2, "is one of the annotators reviewed"},
		{[]string{"--review", "alice,bob", "--gold", " "}, 2, "--gold needs a name"},
	} {
		var got string
		gui := func(_ annotate.Store, _ string, w Window) error {
			got = strings.Join(w.Review, ",") + " → " + w.Curator
			return nil
		}
		var out, errb bytes.Buffer
		code := Run(append([]string{"--db", db}, tt.args...), &out, &errb, Env{GUI: gui})
		if code != tt.code {
			t.Errorf("%q: exit %d, want %d (%s)", tt.args, code, tt.code, errb.String())
			continue
		}
		if code == 0 && got != tt.want || code != 0 && (got != "" || !strings.Contains(errb.String(), tt.want)) {
			t.Errorf("%q: window %q, stderr %q; want %q", tt.args, got, errb.String(), tt.want)
		}
	}
}
