//go:build unix

package storage

import (
	"errors"
	"os"
	"syscall"
)

// FreeSpace returns the bytes that an unprivileged user may still write
// in the folder dir, or -1 when the system does not say.
func FreeSpace(dir string) int64 {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return -1
	}
	return int64(st.Bavail) * int64(st.Bsize)
}

// dmsOffset is the byte of a database's -shm file on which every open
// connection in WAL mode holds a shared lock (SQLite's "dead man switch",
// WALINDEX_LOCK_OFFSET 120 + 8): whoever can lock it exclusively is alone.
const dmsOffset = 128

// inUse reports whether another process has the database at path open in
// WAL mode: it holds a shared lock on the DMS byte of path-shm.
func inUse(path string) (bool, error) {
	f, err := os.OpenFile(path+"-shm", os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: 0, Start: dmsOffset, Len: 1}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_SETLK, &lk); err != nil {
		if errors.Is(err, syscall.EAGAIN) || errors.Is(err, syscall.EACCES) {
			return true, nil
		}
		return false, err
	}
	lk.Type = syscall.F_UNLCK
	return false, syscall.FcntlFlock(f.Fd(), syscall.F_SETLK, &lk)
}
