package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tagdesk/tagdesk/annotate"
)

// Channel is the channel notified after every write transaction: the payload is
// a JSON object {"kind", "article", "annotator"} (see annotate.Change).
const Channel = "tagdesk"

var _ annotate.Watcher = (*DB)(nil)

type changeJSON struct {
	Kind      annotate.ChangeKind `json:"kind"`
	Article   int64               `json:"article,omitempty"`
	Annotator string              `json:"annotator,omitempty"`
}

func encodeChange(c annotate.Change) string {
	b, _ := json.Marshal(changeJSON{c.Kind, c.ArticleID, c.Annotator})
	return string(b)
}

// Watch calls fn for each change committed to the database, by this
// program or another one; see annotate.Watcher. It listens on a
// connection of its own (LISTEN tagdesk); when that is lost it reports a
// ChangeOffline (and the store's calls stop waiting for the server, see
// begin), opens it again and reports a ChangeUnknown once it is back. It
// reports a ChangeUnknown first too, once it listens.
func (db *DB) Watch(ctx context.Context, fn func(annotate.Change)) error {
	conn, err := db.listen(ctx)
	if err != nil {
		return err
	}
	// What was committed before the LISTEN took effect was not heard:
	// the caller looks again now that nothing more can be missed.
	fn(annotate.Change{Kind: annotate.ChangeUnknown})
	for {
		n, err := conn.WaitForNotification(ctx)
		if err == nil {
			var c changeJSON
			if json.Unmarshal([]byte(n.Payload), &c) != nil {
				c.Kind = annotate.ChangeUnknown
			}
			fn(annotate.Change{Kind: c.Kind, ArticleID: c.Article, Annotator: c.Annotator})
			continue
		}
		conn.Close(context.Background())
		if ctx.Err() != nil {
			return ctx.Err()
		}
		db.offline.Store(true)
		fn(annotate.Change{Kind: annotate.ChangeOffline})
		if conn, err = db.relisten(ctx); err != nil {
			return err
		}
		db.offline.Store(false)
		fn(annotate.Change{Kind: annotate.ChangeUnknown})
	}
}

// listen opens a connection and listens on Channel.
func (db *DB) listen(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, db.cfg.ConnConfig)
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		conn.Close(context.Background())
		return nil, err
	}
	return conn, nil
}

// relisten listens again after the connection was lost, trying until it
// succeeds or ctx ends.
func (db *DB) relisten(ctx context.Context) (*pgx.Conn, error) {
	delay := 50 * time.Millisecond
	for {
		conn, err := db.listen(ctx)
		if err == nil {
			return conn, nil
		}
		if !isConnErr(err) && !errors.Is(err, context.DeadlineExceeded) {
			var pe interface{ SQLState() string }
			if errors.As(err, &pe) {
				return nil, err // refused by the server for good (a role, a database gone)
			}
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(delay):
		}
		delay = min(2*delay, 500*time.Millisecond) // back within a second of the server
	}
}
