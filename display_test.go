package main

import (
	"errors"
	"strings"
	"testing"
)

// TestDisplayErr: without DISPLAY or WAYLAND_DISPLAY on Linux and the
// BSDs the window is refused with a plain error; either one, or another
// system, lets it try.
func TestDisplayErr(t *testing.T) {
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	for _, c := range []struct {
		goos string
		vars map[string]string
		want error
	}{
		{"linux", nil, errNoDisplay},
		{"freebsd", map[string]string{"TERM": "xterm"}, errNoDisplay},
		{"linux", map[string]string{"DISPLAY": ":0"}, nil},
		{"linux", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, nil},
		{"darwin", nil, nil},
		{"windows", nil, nil},
	} {
		if got := displayErr(c.goos, env(c.vars)); !errors.Is(got, c.want) && got != c.want {
			t.Errorf("%s %v: %v, want %v", c.goos, c.vars, got, c.want)
		}
	}
}

// TestWindowPanic: GLFW's panic when the display named cannot be opened
// becomes an error naming it; any other panic goes on.
func TestWindowPanic(t *testing.T) {
	getenv := func(k string) string { return map[string]string{"DISPLAY": ":233"}[k] }
	err := windowPanic(errors.New("NotInitialized: The GLFW library is not initialized"), getenv)
	if err == nil || !strings.Contains(err.Error(), `DISPLAY=":233"`) {
		t.Errorf("got %v", err)
	}
	defer func() {
		if r := recover(); r != "index out of range" {
			t.Errorf("another panic: recovered %v", r)
		}
	}()
	windowPanic("index out of range", getenv)
	t.Error("another panic was turned into an error")
}
