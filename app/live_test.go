package app

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/storetest"
)

// TestOfflineQueue: a change the store could not make for want of its
// database (ErrOffline) waits in the queue, with "offline — reconnecting"
// shown, and is made once the store answers again; those queued behind it
// follow in order.
func TestOfflineQueue(t *testing.T) {
	m := newMemStore(art1)
	u := newTestUI(t, m)
	settle(t, u)
	tried := make(chan struct{}, 16)
	m.mu.Lock()
	m.onWrite = func() {
		select {
		case tried <- struct{}{}:
		default:
		}
	}
	m.mu.Unlock()
	m.setFail(fmt.Errorf("db: %w: the server cannot be reached", annotate.ErrOffline))
	for _, w := range []string{"Canada", "Wang Junzheng"} {
		sp := storetest.SpanOf(art1, w, "PERSON")
		sp.ArticleID, sp.Annotator = 1, "alice"
		if !u.LabelSpans([]annotate.Span{sp}, nil) {
			t.Fatal("not queued")
		}
	}
	<-tried
	<-tried // tried twice: it waits and tries again
	loop(u).WaitFor(t, "offline shown", func() bool {
		return u.offline && strings.HasPrefix(u.bar.mark.Text, "offline — reconnecting (2 waiting)")
	})
	if n := m.spanCount(1, "alice"); n != 0 {
		t.Fatalf("%d spans stored while offline", n)
	}
	m.setFail(nil)
	settle(t, u)
	if u.offline || m.spanCount(1, "alice") != 2 || u.failed != 0 {
		t.Errorf("back online: offline %v, %d spans stored, %d failed; want false, 2, 0", u.offline, m.spanCount(1, "alice"), u.failed)
	}
}

// TestOfflineClose: closing the window while its changes wait for the
// database does not hang; Wait reports them as not saved, saying why.
func TestOfflineClose(t *testing.T) {
	m := newMemStore(art1)
	u := newTestUI(t, m)
	settle(t, u)
	m.setFail(fmt.Errorf("db: %w: the server cannot be reached", annotate.ErrOffline))
	sp := storetest.SpanOf(art1, "Canada", "PERSON")
	sp.ArticleID, sp.Annotator = 1, "alice"
	u.LabelSpans([]annotate.Span{sp}, nil)
	loop(u).WaitFor(t, "offline shown", func() bool { return u.offline })
	u.win.Close()
	if err := u.Wait(); !errors.Is(err, annotate.ErrOffline) {
		t.Errorf("Wait: %v, want the change reported as not saved (offline)", err)
	}
}
