# image2env — the two commands a fresh machine needs: `make run` and `make test`.
SWIFT   ?= swift
PREFIX  ?= /usr/local
SOURCE  ?= fixtures/workspace

.PHONY: all deps build run test release install completions fixtures clean fuzz sanitize bench

all: build

deps:
	@scripts/deps.sh

# Only what the main job runs: the image2env executable (not the emulator and its server stack,
# nor the tests; `make test` builds those).
build: deps
	$(SWIFT) build --product image2env

# The main job: audit the bundled sample workspace. Offline and fast: the solve stage answers
# from the caches only (~/.cache/image2env, uv's), so a fresh machine says "not resolved" until
# `make test` (or any run with --resolve auto) has asked the package index once.
SOLVE_DATE ?= 2026-11-01
run: build
	$(SWIFT) run --skip-build image2env audit $(SOURCE) --fail-on never --resolve offline --exclude-newer $(SOLVE_DATE)

# Swift tests (rule examples included), then the reference checks against the real SDKs:
# the fixtures are what azureml-core generates, and what we write loads in azureml-core and
# azure-ai-ml (conformance/run.sh).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	scripts/check-reports.sh
	scripts/check-html.sh
	scripts/check-fixtures.sh
	conformance/run.sh

# libFuzzer targets (Fuzz/), FUZZ_SECONDS each, from the committed seed corpus; see docs/security.md.
FUZZ_SECONDS ?= 60
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

# The test suite under AddressSanitizer and ThreadSanitizer, and the json-c bridge under valgrind.
sanitize: deps
	scripts/sanitize.sh

# Throughput and memory against the json-c floor and azureml-core (docs/performance.md).
bench: deps
	benchmarks/run

release: deps
	$(SWIFT) build -c release

install: release
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 "$$($(SWIFT) build -c release --show-bin-path)/image2env" $(DESTDIR)$(PREFIX)/bin/image2env
	install -d $(DESTDIR)$(PREFIX)/share/image2env/rules
	install -m 644 rules/*.yml $(DESTDIR)$(PREFIX)/share/image2env/rules/
	$(MAKE) completions BIN="$$($(SWIFT) build -c release --show-bin-path)/image2env"

# Shell completions written by the binary itself (swift-argument-parser's
# --generate-completion-script), installed where bash-completion, zsh and fish look.
BIN ?= $$($(SWIFT) build --show-bin-path)/image2env
completions:
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	"$(BIN)" --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/image2env
	"$(BIN)" --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_image2env
	"$(BIN)" --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/image2env.fish

# Regenerate fixtures/workspace with the real azureml-core (see fixtures/README.md).
fixtures:
	"$$(scripts/pyenv.sh)" fixtures/generate.py
	"$$(scripts/pyenv.sh)" fixtures/generate.py --serving

clean:
	rm -rf .build .build-fuzz .build-asan .build-tsan
