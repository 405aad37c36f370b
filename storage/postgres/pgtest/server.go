// Package pgtest runs a private PostgreSQL server for tests: initdb into
// a temporary folder, a free port on 127.0.0.1, the server run as a
// non-root user when the tests run as root, a new database per test, and
// the server stopped (and its folder removed) at the end. The server is
// Debian's postgresql package (make test installs it); when it cannot
// start, the tests fail saying why, they never skip.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Options shape the server.
type Options struct {
	// Durable keeps fsync on, as a real server has it: for benchmarks and
	// crash tests. Without it the server does not sync, which makes the
	// many small databases of the tests quick to create.
	Durable bool
}

// Server is a private PostgreSQL server.
type Server struct {
	dir  string // owns data/, the socket and the log
	bin  string
	port int
	opts Options
	cred *syscall.Credential
	cmd  *exec.Cmd
	done chan error // the server process's exit
	n    atomic.Int64
}

// Start initialises a database cluster in a temporary folder and starts a
// server on it.
func Start(opts Options) (*Server, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	s := &Server{bin: bin, opts: opts}
	if s.dir, err = os.MkdirTemp("", "tagdesk-pg-"); err != nil {
		return nil, err
	}
	if err := s.asUser(); err != nil {
		s.remove()
		return nil, err
	}
	initdb := s.command("initdb", "-D", s.data(), "-U", "tagdesk", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync",
		"--data-checksums") // as the README advises a team's server
	if out, err := initdb.CombinedOutput(); err != nil {
		s.remove()
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		s.remove()
		return nil, err
	}
	s.port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	if err := s.start(); err != nil {
		s.remove()
		return nil, err
	}
	return s, nil
}

// binDir finds the server's programs: the newest version Debian installed.
func binDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "postgres")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("postgres"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("PostgreSQL server not found (no /usr/lib/postgresql/*/bin/postgres): install Debian's postgresql package, as make test does (apt-get install postgresql)")
}

func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// asUser picks the user the server runs as: PostgreSQL refuses to run as
// root, so a root test runs it as postgres (or nobody), owning the folder.
func (s *Server) asUser() error {
	if os.Geteuid() != 0 {
		return nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		if u, err = user.Lookup("nobody"); err != nil {
			return fmt.Errorf("tests run as root and neither user postgres nor nobody exists to run PostgreSQL as")
		}
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	s.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	if err := os.Chown(s.dir, uid, gid); err != nil {
		return err
	}
	return os.Chmod(s.dir, 0o700)
}

func (s *Server) data() string { return filepath.Join(s.dir, "data") }

func (s *Server) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(s.bin, name), args...)
	cmd.Dir = s.dir
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	if s.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred}
	}
	return cmd
}

// start starts the server and waits until it accepts connections.
func (s *Server) start() error {
	fsync := "off"
	if s.opts.Durable {
		fsync = "on"
	}
	log, err := os.OpenFile(filepath.Join(s.dir, "server.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer log.Close()
	s.cmd = s.command("postgres", "-D", s.data(), "-p", strconv.Itoa(s.port),
		"-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="+s.dir,
		"-c", "fsync="+fsync, "-c", "max_connections=200", "-c", "log_min_messages=warning")
	s.cmd.Stdout, s.cmd.Stderr = log, log
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("start postgres: %w", err)
	}
	s.done = make(chan error, 1)
	go func(cmd *exec.Cmd, done chan error) { done <- cmd.Wait() }(s.cmd, s.done)
	return s.waitReady(30 * time.Second)
}

// waitReady tries to connect until the server answers, it exits, or the
// deadline passes.
func (s *Server) waitReady(limit time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	for {
		conn, err := pgx.Connect(ctx, s.URL("postgres"))
		if err == nil {
			return conn.Close(ctx)
		}
		select {
		case werr := <-s.done:
			s.done <- werr
			return fmt.Errorf("postgres exited while starting (%v): %s", werr, s.logTail())
		case <-ctx.Done():
			return fmt.Errorf("postgres did not accept connections within %v (%v): %s", limit, err, s.logTail())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func (s *Server) logTail() string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "server.log"))
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return strings.TrimSpace(string(b))
}

// URL returns the URL of database db on the server.
func (s *Server) URL(db string) string {
	return fmt.Sprintf("postgres://tagdesk@127.0.0.1:%d/%s?sslmode=disable", s.port, db)
}

// Stop shuts the server down fast (SIGINT: open transactions are rolled
// back, committed ones kept) and waits for it to exit.
func (s *Server) Stop() error {
	if s.cmd == nil {
		return nil
	}
	s.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-s.done:
	case <-time.After(60 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
	s.cmd = nil
	return nil
}

// StartAgain starts a server that Stop stopped, on the same port and
// data, and waits until it accepts connections.
func (s *Server) StartAgain() error {
	if s.cmd != nil {
		return errors.New("the server is running")
	}
	return s.start()
}

// Restart stops the server fast and starts it again on the same port.
func (s *Server) Restart() error {
	s.Stop()
	return s.start()
}

// Close stops the server and removes its folder.
func (s *Server) Close() error {
	err := s.Stop()
	s.remove()
	return err
}

func (s *Server) remove() { os.RemoveAll(s.dir) }

// NewDB creates a new, empty database and returns its URL.
func (s *Server) NewDB(tb testing.TB) string {
	tb.Helper()
	name := fmt.Sprintf("t%d", s.n.Add(1))
	if err := s.Exec(context.Background(), "postgres", `CREATE DATABASE `+name+` TEMPLATE template0 STRATEGY FILE_COPY`); err != nil {
		tb.Fatalf("create database: %v", err)
	}
	return s.URL(name)
}

// Exec runs SQL in database db as the server's superuser.
func (s *Server) Exec(ctx context.Context, db, sql string, args ...any) error {
	conn, err := pgx.Connect(ctx, s.URL(db))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql, args...)
	return err
}

// Main is TestMain for a package whose tests use a server: it starts one
// into *srv, runs the tests and stops it. A server that cannot start fails
// the run with the reason.
func Main(m *testing.M, srv **Server, opts Options) {
	s, err := Start(opts)
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: the tests need a private PostgreSQL server and it did not start: %v\n", err)
		os.Exit(1)
	}
	*srv = s
	code := m.Run()
	s.Close()
	os.Exit(code)
}

var (
	sharedMu  sync.Mutex
	sharedSrv *Server
	sharedErr error
)

// Shared returns a server that the tests of a package share, started at
// its first use; a server that cannot start fails tb. StopShared, from
// TestMain, stops it.
func Shared(tb testing.TB) *Server {
	tb.Helper()
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if sharedSrv == nil && sharedErr == nil {
		sharedSrv, sharedErr = Start(Options{})
	}
	if sharedErr != nil {
		tb.Fatalf("the test needs a private PostgreSQL server and it did not start: %v", sharedErr)
	}
	return sharedSrv
}

// StopShared stops the server Shared started, if it did.
func StopShared() {
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if sharedSrv != nil {
		sharedSrv.Close()
		sharedSrv = nil
	}
}
