# tagdesk: `make run` and `make test` are all a newcomer needs on a fresh
# Debian/Ubuntu machine with Go. Each installs the system packages it lacks
# (with sudo when not root), then builds.

SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin:$(HOME)/go/bin
export DEBIAN_FRONTEND := noninteractive

BIN       := bin/tagdesk
VERSION   := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -X main.version=$(VERSION)
# Build: cgo for SQLite, GLFW's X11 and OpenGL headers for Fyne.
BUILD_PKGS := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
	libxinerama-dev libxi-dev libxxf86vm-dev libxkbcommon-dev
# Smoke test of the real binary: a virtual display, software OpenGL, screenshots.
SMOKE_PKGS := xvfb xauth x11-utils imagemagick xdotool libgl1-mesa-dri
# GNU time measures the binary's peak memory in a test and in make bench.
TEST_PKGS := time
GO_SRC    := $(shell find . -name '*.go' -not -path './out/*') go.mod go.sum $(wildcard assets/*)

.PHONY: run build test unit smoke bench deps test-deps screenshots clean

run: deps $(BIN)
	./$(BIN)

build: deps $(BIN)

$(BIN): $(GO_SRC)
	go build -ldflags "$(LDFLAGS)" -o $(BIN) .

test: test-deps $(BIN) unit smoke

unit:
	go vet ./...
	go test -count=1 ./...

smoke: test-deps $(BIN)
	scripts/smoke.sh $(BIN)

# Benchmarks: figures for the README table (see README, "Speed").
bench: deps
	@scripts/apt-ensure.sh $(TEST_PKGS)
	scripts/bench.sh

# Screenshots for the README, from the real binary under Xvfb.
screenshots: test-deps $(BIN)
	SHOTS=docs scripts/smoke.sh $(BIN)

deps:
	@scripts/apt-ensure.sh $(BUILD_PKGS)

test-deps:
	@scripts/apt-ensure.sh $(BUILD_PKGS) $(SMOKE_PKGS) $(TEST_PKGS)

clean:
	rm -rf bin out
