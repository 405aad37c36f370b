package main

import (
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"sync"
	"syscall"
)

// startProfile writes a CPU profile of the process (the window or a
// command) to the file that $TAGDESK_CPUPROFILE names, if any, until the
// returned function is called (when the command or the window has ended)
// or the process is stopped with SIGINT or SIGTERM, as a script that
// drives the window under Xvfb stops it: `go tool pprof bin/tagdesk FILE`
// shows where it spends its time, the window's drawing included.
func startProfile() func() {
	path := os.Getenv("TAGDESK_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "tagdesk: %s: no CPU profile: %v\n", path, err)
		return func() {}
	}
	var once sync.Once
	stop := func() {
		once.Do(func() {
			pprof.StopCPUProfile()
			if err := f.Close(); err != nil {
				fmt.Fprintf(os.Stderr, "tagdesk: %s: %v\n", path, err)
			}
		})
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		s := <-sig
		stop()
		signal.Reset(s) // and die of it, as without a profile
		_ = syscall.Kill(os.Getpid(), s.(syscall.Signal))
	}()
	return stop
}
