package transfer

// Where exports go: a file renamed into place when complete, a folder
// renamed into place when complete, or standard output.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/tagdesk/tagdesk/annotate/format"
)

// ErrExists is returned when an export's folder is in the way: not a
// folder, not empty, or holding files that an export does not write.
var ErrExists = errors.New("file exists")

// WriteOutput runs write on stdout, or on a temporary file beside path that
// replaces path only once everything is written: a failed export never
// leaves a half-written file.
func WriteOutput(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		return write(stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("create output: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("create output: %w", err)
	}
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// writeDir runs write on a new temporary folder beside path (in the same
// parent, so that the rename is atomic) and renames it to path once
// everything is written: a failed or cancelled export leaves nothing, and
// the folder never mixes the files of two exports. path may be missing or
// an empty folder; with force also a folder of an earlier export, which is
// replaced once the new one is complete. A folder that holds anything else
// than what a folder export writes (see isExportFile) is refused even with
// force: --force on the wrong folder must not delete someone's files.
func writeDir(path string, force bool, warn func(string), write func(dir string) error) (err error) {
	path = filepath.Clean(path)
	existed, err := checkExportDir(path, force)
	if err != nil {
		return err
	}
	parent := filepath.Dir(path)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("create output: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("create output: %w", err)
	}
	if err := write(tmp); err != nil {
		return err
	}
	if !existed {
		if err := os.Rename(tmp, path); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		return nil
	}
	// Move the earlier folder aside, put the new one in its place, and only
	// then delete the earlier one. os.Remove of an empty folder fails if
	// something was written into it meanwhile.
	if !force {
		if err := os.Remove(path); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if err := os.Rename(tmp, path); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		return nil
	}
	old := tmp + ".old"
	if err := os.Rename(path, old); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Rename(old, path)
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := os.RemoveAll(old); err != nil && warn != nil {
		warn(fmt.Sprintf("the earlier export, moved to %s, could not be removed: %v", old, err))
	}
	return nil
}

// checkExportDir tells whether the folder path exists and refuses it when
// a folder export may not replace it (see writeDir).
func checkExportDir(path string, force bool) (existed bool, err error) {
	fi, err := os.Lstat(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if !fi.IsDir() {
		return false, fmt.Errorf("%s: %w: not a folder", path, ErrExists)
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return false, err
	}
	if len(entries) == 0 {
		return true, nil
	}
	if !force {
		return false, fmt.Errorf("%s: %w: the folder is not empty (name a new or empty folder, or use --force to replace an earlier export)", path, ErrExists)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !isExportFile(e.Name()) {
			return false, fmt.Errorf("%s: %w: %s is not a file that an export writes, so --force does not replace this folder: name a new or empty folder", path, ErrExists, e.Name())
		}
	}
	return true, nil
}

// isExportFile tells whether a folder export (brat) writes files named so:
// NAME.txt, NAME.ann, annotation.conf and visual.conf, and the
// .stats_cache that brat's server adds.
func isExportFile(name string) bool {
	switch filepath.Ext(name) {
	case ".txt", ".ann", ".conf":
		return true
	}
	return name == ".stats_cache"
}

// WindowPath returns where the window's export of format goes when
// the user picked path: path itself, except for a folder format when path
// is a folder that is not empty. The window's folder dialog can only pick
// existing folders, so it cannot name a new one: the export then goes into
// a new subfolder of path named tagdesk-FORMAT-YYYYMMDD-HHMMSS (with -2,
// -3… when that is taken), which warn is told.
func WindowPath(path, name string, warn func(string)) string {
	f, err := format.Lookup(name)
	if err != nil || !f.Dir {
		return path
	}
	if entries, err := os.ReadDir(path); err != nil || len(entries) == 0 {
		return path
	}
	base := filepath.Join(path, "tagdesk-"+f.Name+"-"+time.Now().Format("20060102-150405"))
	sub := base
	for i := 2; ; i++ {
		if _, err := os.Lstat(sub); errors.Is(err, os.ErrNotExist) {
			break
		}
		sub = fmt.Sprintf("%s-%d", base, i)
	}
	if warn != nil {
		warn(fmt.Sprintf("%s is not empty: the export went into a new folder in it, %s", path, filepath.Base(sub)))
	}
	return sub
}
