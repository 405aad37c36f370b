package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5"
)

// RequirePassword makes the server ask role for its password (SCRAM) on
// TCP connections, where every other role is trusted: for tests of
// passwords. It writes the rule first in pg_hba.conf, reloads it and
// returns once a connection of role without a password is refused (role
// must exist).
func (s *Server) RequirePassword(ctx context.Context, role string) error {
	path := filepath.Join(s.data(), "pg_hba.conf")
	old, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	rule := fmt.Sprintf("host all %s 127.0.0.1/32 scram-sha-256\n", role)
	if err := os.WriteFile(path, append([]byte(rule), old...), 0o600); err != nil {
		return err
	}
	if s.cred != nil {
		if err := os.Chown(path, int(s.cred.Uid), int(s.cred.Gid)); err != nil {
			return err
		}
	}
	if err := s.Exec(ctx, "postgres", `SELECT pg_reload_conf()`); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	u, _ := url.Parse(s.URL("postgres"))
	u.User = url.User(role)
	for {
		conn, err := pgx.Connect(ctx, u.String())
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("the server did not load the password rule for %s: %w", role, err)
			}
			return nil
		}
		conn.Close(ctx)
		select {
		case <-ctx.Done():
			return fmt.Errorf("the server did not load the password rule for %s within 30 s", role)
		case <-time.After(10 * time.Millisecond):
		}
	}
}
