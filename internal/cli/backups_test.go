package cli

import (
	"bytes"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/internal/corpus"
	"github.com/tagdesk/tagdesk/storage"
)

// backups are the everyday backups of db, by file name.
func backups(t *testing.T, db string) []string {
	t.Helper()
	ents, err := os.ReadDir(storage.BackupDir(db))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

var onBackups = []string{} // tagdeskEnv with backups on

// TestEverydayBackups: import, schema --set and assign copy a database
// that holds data into NAME.backups/ once a day; --no-backups and
// TAGDESK_NO_BACKUPS=1 turn it off; a new database and the default one.
func TestEverydayBackups(t *testing.T) {
	dir := t.TempDir()
	db := corpusDB(t, dir, 5)
	in := write(t, dir, "one.txt", []byte("Canada froze the assets of Wang Junzheng."))
	name := regexp.MustCompile(`^t-\d{8}-\d{6}\.db$`)

	r := tagdeskEnv(t, onBackups, "import", "--db", db, in)
	got := backups(t, db)
	if r.code != 0 || len(got) != 1 || !name.MatchString(got[0]) {
		t.Fatalf("import: %d %s; backups %v", r.code, r.stderr, got)
	}
	made := filepath.Join(dir, "t.backups", got[0])
	if want := "today's backup of " + db + ": " + made + "\n"; !strings.HasPrefix(r.stderr, want) {
		t.Errorf("import said %q, want it to start with %q", r.stderr, want)
	}
	if r := tagdeskEnv(t, onBackups, "import", "--db", db, in); r.code != 0 || strings.Contains(r.stderr, "backup") || len(backups(t, db)) != 1 {
		t.Errorf("second import of the day: %s; backups %v", r.stderr, backups(t, db))
	}
	r = tagdesk(t, "backups", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, got[0]) || !strings.Contains(r.stdout, "5 articles, 100 spans") {
		t.Errorf("backups: %d %s %s", r.code, r.stdout, r.stderr)
	}

	schema := write(t, dir, "s.toml", []byte(tagdesk(t, "schema", "--db", db).stdout))
	for _, c := range []struct {
		name string
		env  []string
		args []string
		want int
	}{
		{"SchemaSet", onBackups, []string{"schema", "--db", db, "--set", schema}, 1},
		{"Assign", onBackups, []string{"assign", "--db", db, "--annotators", "a,b"}, 1},
		{"Import", onBackups, []string{"import", "--db", db, in}, 1},
		{"NoBackupsFlag", onBackups, []string{"import", "--db", db, "--no-backups", in}, 0},
		{"NoBackupsEnv", []string{"TAGDESK_NO_BACKUPS=1"}, []string{"assign", "--db", db, "--annotators", "a", "--per-article", "1"}, 0},
		{"ReadOnly", onBackups, []string{"export", "--db", db}, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			os.RemoveAll(storage.BackupDir(db))
			if r := tagdeskEnv(t, c.env, c.args...); r.code != 0 || len(backups(t, db)) != c.want {
				t.Errorf("%v: %d %s; backups %v, want %d", c.args, r.code, r.stderr, backups(t, db), c.want)
			}
		})
	}

	t.Run("NewDatabase", func(t *testing.T) {
		fresh := filepath.Join(dir, "fresh.db")
		if r := tagdeskEnv(t, onBackups, "import", "--db", fresh, in); r.code != 0 || len(backups(t, fresh)) != 0 {
			t.Errorf("a new database: %s; backups %v", r.stderr, backups(t, fresh))
		}
	})
	t.Run("Default", func(t *testing.T) {
		data := t.TempDir()
		env := []string{"XDG_DATA_HOME=" + data}
		for i := 0; i < 2; i++ {
			if r := tagdeskEnv(t, env, "import", in); r.code != 0 {
				t.Fatal(r.stderr)
			}
		}
		ents, err := os.ReadDir(filepath.Join(data, "tagdesk", "backups"))
		if err != nil || len(ents) != 1 || !strings.HasPrefix(ents[0].Name(), "tagdesk-") {
			t.Errorf("default database: backups %v, %v", ents, err)
		}
	})
}

// TestRestoreCommand puts a backup back, keeps the state before, refuses
// while another program has the database open, and names what is wrong.
func TestRestoreCommand(t *testing.T) {
	dir := t.TempDir()
	db := corpusDB(t, dir, 5)
	in := write(t, dir, "one.txt", []byte("Canada froze the assets of Wang Junzheng."))
	if r := tagdeskEnv(t, onBackups, "import", "--db", db, in); r.code != 0 {
		t.Fatal(r.stderr)
	}
	old := backups(t, db)[0]
	before := snapshot(t, db)

	// In use: a connection of this process keeps the write-ahead log.
	conn, err := sql.Open("sqlite3", db+"?_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(`SELECT count(*) FROM articles`); err != nil {
		t.Fatal(err)
	}
	r := tagdesk(t, "restore", "--db", db, old)
	if r.code != 1 || !strings.Contains(r.stderr, "the database is in use: close the windows and commands that use it and restore again") {
		t.Errorf("restore in use: %d %q", r.code, r.stderr)
	}
	conn.Close()
	if snapshot(t, db) != before {
		t.Error("a refused restore changed the database")
	}

	r = tagdesk(t, "restore", "--db", db, old)
	if r.code != 0 || !strings.Contains(r.stdout, "restored "+db+" from "+filepath.Join(dir, "t.backups", old)) {
		t.Fatalf("restore: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if st := tagdesk(t, "stats", "--db", db).stdout; !strings.Contains(st, "articles  5") && !strings.Contains(st, "5 articles") {
		t.Errorf("after restore: %s", st)
	}
	if r := tagdesk(t, "check", "--db", db); r.code != 0 {
		t.Errorf("check after restore: %s %s", r.stdout, r.stderr)
	}
	// The state before is a backup of its own, with the sixth article.
	if r := tagdesk(t, "backups", "--db", db); !strings.Contains(r.stdout, "6 articles") || !strings.Contains(r.stdout, "5 articles") {
		t.Errorf("backups after restore: %s", r.stdout)
	}

	for _, c := range []struct{ backup, want string }{
		{"nothing.db", "tagdesk: nothing.db: no such backup (tagdesk backups --db " + db + " lists them)\n"},
		{in, "not a tagdesk database"},
	} {
		if r := tagdesk(t, "restore", "--db", db, c.backup); r.code != 1 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("restore %s: %d %q, want %q", c.backup, r.code, r.stderr, c.want)
		}
	}
}

// smallDisk mounts a 2 MB tmpfs for the test and returns its folder. It
// skips the test, saying why, when it cannot (not root, no mount).
func smallDisk(t *testing.T) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a small tmpfs needs root: the disk-full tests run only as root")
	}
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs (%v: %s): the disk-full tests need one", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", mnt).Run() })
	return mnt
}

// TestBackupDiskFull: when today's backup does not fit beside the
// database, the command stops before changing anything and says so.
func TestBackupDiskFull(t *testing.T) {
	db := filepath.Join(smallDisk(t), "small.db")
	var b bytes.Buffer
	// 200 articles fill the 2 MB disk without overflowing it: the import
	// fits in the write-ahead log, and its checkpoint and any backup do not.
	if err := corpus.Write(&b, 200); err != nil {
		t.Fatal(err)
	}
	in := write(t, t.TempDir(), "c.jsonl", b.Bytes())
	if r := tagdesk(t, "import", "--db", db, in); r.code != 0 {
		t.Fatal(r.stderr)
	}
	before := snapshot(t, db)
	one := write(t, t.TempDir(), "one.txt", []byte("Canada froze the assets."))
	r := tagdeskEnv(t, onBackups, "import", "--db", db, one)
	want := "tagdesk: " + db + ": today's backup does not fit on the disk ("
	if r.code != 1 || !strings.HasPrefix(r.stderr, want) || !strings.HasSuffix(r.stderr, "); nothing was changed. Free some space, or use --no-backups\n") {
		t.Errorf("backup onto a full disk: %d %q", r.code, r.stderr)
	}
	if snapshot(t, db) != before {
		t.Error("the command changed the database after its backup failed")
	}
	if left := backups(t, db); len(left) != 0 {
		t.Errorf("left in the backup folder: %v", left)
	}
}

// TestBackupsMessages: no backups yet, and PostgreSQL, for which
// pg_dump and pg_restore are the way.
func TestBackupsMessages(t *testing.T) {
	dir := t.TempDir()
	db := corpusDB(t, dir, 5)
	if r := tagdesk(t, "backups", "--db", db); r.code != 0 || r.stdout != "no backups of "+db+" yet in "+filepath.Join(dir, "t.backups")+": one is made before the first change of each day\n" {
		t.Errorf("backups: %d %q %q", r.code, r.stdout, r.stderr)
	}
	url := "postgres://ann@localhost/corpus"
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"backups", "--db", url}, "tagdesk: " + url + ": tagdesk makes no everyday backups of a PostgreSQL database: use pg_dump (see the README)\n"},
		{[]string{"restore", "--db", url, "x.db"}, "tagdesk: " + url + ": restore puts back an SQLite file; for PostgreSQL use pg_restore, or tagdesk copy --from BACKUP.db --to an empty database\n"},
	} {
		if r := tagdesk(t, c.args...); r.code != 1 || r.stderr != c.want {
			t.Errorf("%v: %d %q, want %q", c.args, r.code, r.stderr, c.want)
		}
	}
}

// TestImportDiskFull imports into a database on a 2 MB tmpfs a file that
// does not fit: the message says that nothing was stored and how much
// space the import needs, and the database is as it was.
func TestImportDiskFull(t *testing.T) {
	db := filepath.Join(smallDisk(t), "small.db")
	small := write(t, t.TempDir(), "one.txt", []byte("Canada froze the assets of Wang Junzheng."))
	if r := tagdesk(t, "import", "--db", db, small); r.code != 0 {
		t.Fatal(r.stderr)
	}
	before := snapshot(t, db)
	var b bytes.Buffer
	if err := corpus.Write(&b, 1500); err != nil {
		t.Fatal(err)
	}
	big := write(t, t.TempDir(), "big.jsonl", b.Bytes())
	r := tagdesk(t, "import", "--db", db, big)
	want := "tagdesk: " + big + ": the disk is full: nothing from " + big + " was stored, and " + db + " is as it was. Importing it needs about "
	if r.code != 1 || !strings.HasPrefix(r.stderr, want) || !strings.Contains(r.stderr, "free some space, or import into a database on another disk, and import it again") {
		t.Fatalf("import onto a full disk: %d %q\nwant it to start with %q", r.code, r.stderr, want)
	}
	if strings.Contains(r.stderr, "(0 KB free now") || sizeOf(db+"-wal") > 0 {
		t.Errorf("the failed import's write-ahead log still holds the space: %s", r.stderr)
	}
	if snapshot(t, db) != before {
		t.Error("the failed import changed the database")
	}
}

// TestRestoreDamaged restores a backup over a database damaged in each
// of the ways of TestDamagedDatabase: the damaged file is kept as it was
// beside the backups, and the restored database passes check.
func TestRestoreDamaged(t *testing.T) {
	for _, d := range damages {
		t.Run(d.name, func(t *testing.T) {
			dir := t.TempDir()
			db := corpusDB(t, dir, 400)
			good := filepath.Join(dir, "good.db")
			if r := tagdesk(t, "backup", "--db", db, good); r.code != 0 {
				t.Fatal(r.stderr)
			}
			d.do(t, db)
			damagedBytes, err := os.ReadFile(db)
			if err != nil {
				t.Fatal(err)
			}
			r := tagdesk(t, "restore", "--db", db, good)
			if r.code != 0 || !strings.Contains(r.stdout, "the state before (damaged, kept as it was): "+filepath.Join(dir, "t.backups", "t-")) {
				t.Fatalf("restore over a damaged file: %d %s %s", r.code, r.stdout, r.stderr)
			}
			kept, err := filepath.Glob(filepath.Join(dir, "t.backups", "t-*.damaged.db"))
			if err != nil || len(kept) != 1 {
				t.Fatalf("kept %v, %v", kept, err)
			}
			if b, _ := os.ReadFile(kept[0]); !bytes.Equal(b, damagedBytes) {
				t.Error("the damaged file was not kept as it was")
			}
			if r := tagdesk(t, "check", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "ok: 400 articles") {
				t.Errorf("check after restore: %s %s", r.stdout, r.stderr)
			}
		})
	}
}

// TestDamagedWithBackups: with backups on, a write command on a damaged
// database says it is damaged (the day's copy is not made of it).
func TestDamagedWithBackups(t *testing.T) {
	dir := t.TempDir()
	db := corpusDB(t, dir, 400)
	damages[0].do(t, db)
	in := write(t, dir, "one.txt", []byte("Canada froze the assets."))
	prefix, _ := damagedMsg(db)
	r := tagdeskEnv(t, onBackups, "import", "--db", db, in)
	if r.code != 1 || !strings.HasPrefix(r.stderr, prefix) || len(backups(t, db)) != 0 {
		t.Errorf("import into a damaged file with backups on: %d %q; backups %v", r.code, r.stderr, backups(t, db))
	}
}
