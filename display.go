package main

import (
	"errors"
	"fmt"
	"strings"
)

// errNoDisplay is why the window cannot open on a machine without a
// screen (over SSH, in a container): said plainly, where GLFW would panic.
var errNoDisplay = errors.New("no display to open the window on: set DISPLAY (X11) or WAYLAND_DISPLAY; every command works without one (tagdesk help)")

// displayErr reports errNoDisplay where the desktop's windows come from
// an X11 or Wayland server and neither is named.
func displayErr(goos string, getenv func(string) string) error {
	switch goos {
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly":
		if getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
			return errNoDisplay
		}
	}
	return nil
}

// windowPanic turns the panic of a window that could not be created
// (GLFW not initialized: the display named could not be opened) into an
// error that names the display; any other panic goes on.
func windowPanic(r any, getenv func(string) string) error {
	if r == nil {
		return nil
	}
	if s := fmt.Sprint(r); strings.Contains(s, "GLFW") {
		return fmt.Errorf("cannot open the window: no display could be opened (DISPLAY=%q, WAYLAND_DISPLAY=%q): %s", getenv("DISPLAY"), getenv("WAYLAND_DISPLAY"), s)
	}
	panic(r)
}
