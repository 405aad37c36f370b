package main

import (
	"os"
	"runtime/debug"
)

// streamingLimit is the Go heap's soft limit for the commands that stream
// (import, export): they hold little, and their peak resident memory is
// held under 50 MB with SQLite's cache and the binary's own pages beside
// it. Without a limit the collector lets the heap grow to twice what is
// live before it runs, and on a loaded machine, where it falls behind,
// an export's peak was seen at 67 MB.
const streamingLimit = 24 << 20

// limitMemory sets streamingLimit for the streaming commands, unless
// GOMEMLIMIT says otherwise.
func limitMemory(args []string) {
	if len(args) == 0 || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	switch args[0] {
	case "import", "export":
		debug.SetMemoryLimit(streamingLimit)
	}
}
