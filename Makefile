# tagdesk: `make run` and `make test` are all a newcomer needs on a fresh
# Debian/Ubuntu machine with Go. Each installs the system packages it lacks
# (with sudo when not root), then builds.

SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin:$(HOME)/go/bin
export DEBIAN_FRONTEND := noninteractive

BIN       := bin/tagdesk
VERSION   := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -X main.build=$(VERSION)
# Build: cgo for SQLite, GLFW's X11 and OpenGL headers for Fyne.
BUILD_PKGS := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
	libxinerama-dev libxi-dev libxxf86vm-dev libxkbcommon-dev
# Fonts for every script an article may hold: Fyne's own font has Latin,
# Greek and Cyrillic only; it falls back to the system's fonts for the rest
# (Chinese, Japanese, Korean from Noto CJK; Arabic, Hebrew from DejaVu).
FONT_PKGS := fonts-noto-cjk fonts-dejavu-core
# Smoke test of the real binary: a virtual display, software OpenGL, screenshots.
SMOKE_PKGS := xvfb xauth x11-utils imagemagick xdotool libgl1-mesa-dri
# GNU time measures the binary's peak memory in a test and in make bench;
# desktop-file-validate checks the package's menu entry; scikit-learn and NLTK
# are the reference implementations the agreement figures are checked against;
# postgresql is the private server the PostgreSQL store's tests start.
TEST_PKGS := time desktop-file-utils xz-utils python3-sklearn python3-nltk postgresql
GO_SRC    := $(shell find . -name '*.go' -not -path './out/*') go.mod go.sum FyneApp.toml $(wildcard assets/*)
# The Fyne tools (fyne package), kept out of go.mod: they need a newer Fyne
# than the one tagdesk builds with.
FYNE_TOOLS := fyne.io/tools/cmd/fyne@v1.7.4
FYNE      := bin/fyne

.PHONY: run build test unit smoke bench deps test-deps screenshots package install package-test clean

run: deps $(BIN)
	@scripts/apt-ensure.sh $(FONT_PKGS)
	./$(BIN)

build: deps $(BIN)

$(BIN): $(GO_SRC)
	go build -ldflags "$(LDFLAGS)" -o $(BIN) .

test: test-deps $(BIN) unit smoke package-test

# Every package runs under the race detector (5 to 10 minutes on 2
# cores); the in-process memory limit and the 1 GB stream are measured
# again without it, since the detector multiplies memory and time.
unit:
	go vet ./...
	go test -race -count=1 -timeout 30m ./...
	go test -count=1 -run '^(TestPeakMemory|TestStreamHugeJSONL)$$' ./storage/

smoke: test-deps $(BIN)
	scripts/smoke.sh $(BIN)
	scripts/smoke-damaged.sh $(BIN)

# The desktop package, installed into a throw-away home as `make install`
# installs it, then checked: binary, icon, a valid menu entry.
package-test: test-deps package
	scripts/package-test.sh

# Benchmarks: figures for the README table (see README, "Speed").
bench: deps
	@scripts/apt-ensure.sh $(TEST_PKGS) $(SMOKE_PKGS)
	scripts/bench.sh
	scripts/latency.sh

# Screenshots for the README, from the real binary under Xvfb.
screenshots: test-deps $(BIN)
	SHOTS=docs scripts/smoke.sh $(BIN)
	CLICKS="485 341,960 327" scripts/screenshot-relations.sh $(BIN) docs/screenshot-relations.png light 1100x700

# A Linux desktop package (tar.xz: the binary, the icon, a .desktop entry),
# made by `fyne package` from the binary built above and FyneApp.toml.
# fyne package counts Build up in FyneApp.toml: it is put back as it was.
package: deps $(BIN) $(FYNE)
	cp FyneApp.toml bin/FyneApp.toml.orig
	$(FYNE) package --os linux --release --executable $(BIN) --name tagdesk; s=$$?; \
	  cp bin/FyneApp.toml.orig FyneApp.toml; exit $$s
	mv tagdesk.tar.xz bin/tagdesk.tar.xz
	@echo "package: bin/tagdesk.tar.xz"

# Installs the package for the current user, under ~/.local (the
# package's own user-install): the application menu then lists tagdesk.
install: package
	rm -rf bin/pkg && mkdir -p bin/pkg
	tar -xf bin/tagdesk.tar.xz -C bin/pkg
	$(MAKE) -C bin/pkg/tagdesk user-install
	@echo "install: $(HOME)/.local/bin/tagdesk and its menu entry"

$(FYNE):
	GOBIN=$(CURDIR)/bin go install $(FYNE_TOOLS)

deps:
	@scripts/apt-ensure.sh $(BUILD_PKGS)

test-deps:
	@scripts/apt-ensure.sh $(BUILD_PKGS) $(FONT_PKGS) $(SMOKE_PKGS) $(TEST_PKGS)

clean:
	rm -rf bin out
