# AMI Lab. `make run` serves the site on http://localhost:8000; `make test` runs every test.
GO       ?= go
ADDR     ?= localhost:8000
VERSION  ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo dev)
FUZZTIME ?= 10s
# PLATFORM picks the system of `make binary` (GOOS/GOARCH, e.g. windows/amd64); empty: this machine.
PLATFORM ?=
CHROMIUM ?= /usr/bin/chromium
LDFLAGS  := -s -w -X main.version=$(VERSION)

.PHONY: run wasm guest static binary test chromium vet unit fuzz bench screenshots measure

## run: build web/app.wasm and serve the site on http://$(ADDR) (ADDR=0.0.0.0:8000 serves the LAN)
run: wasm
	$(GO) run -ldflags="$(LDFLAGS)" ./app serve --addr $(ADDR)

# APPENV and APPFLAGS build app.wasm inlining only tiny functions (inlining
# cost 6 at most: field reads, one-line wrappers), through the budget of Go's
# new inliner: in Go's WebAssembly code an inlined body weighs more than the
# call but for such functions. Measured on app.wasm, gzip -9 / brotli: default
# inlining 2.75 / 2.03 MB, none (-gcflags=all=-l) 2.52 / 1.85 MB, tiny only
# 2.42 / 1.74 MB, at no cost make measure sees. Should a Go release drop
# GOEXPERIMENT=newinliner, fall back to APPENV empty and -gcflags=all=-l.
APPENV   := GOEXPERIMENT=newinliner
APPFLAGS := -gcflags=all=-d=inlbudgetslack=-74

# wasm_build builds the WebAssembly program $(3) with the environment $(2)
# and the extra build flags $(4) into $(1), replacing $(1) only when its
# content changes, so that an unchanged program is not compressed again
# (brotli at its best takes about 20 s).
define wasm_build
	@mkdir -p $(dir $(1))
	$(2) $(GO) build -trimpath -ldflags="-s -w" $(4) -o $(1).new $(3)
	@if cmp -s $(1).new $(1); then rm $(1).new; else mv $(1).new $(1); fi
endef

## wasm: the browser client web/app.wasm and the guest program, with their .br and .gz variants
wasm: guest
	$(call wasm_build,web/app.wasm,GOOS=js GOARCH=wasm $(APPENV),./app,$(APPFLAGS))
	$(GO) run ./tools/precompress web

## guest: the program the sandbox's instances run (GOOS=wasip1), web/guest/busybox.wasm, and the
## browser's guest runtime, a Web Worker: web/guest/worker.js, worker.wasm (GOOS=js) and wasm_exec.js
guest:
	$(call wasm_build,web/guest/busybox.wasm,GOOS=wasip1 GOARCH=wasm,./guest/busybox)
	$(call wasm_build,web/guest/worker.wasm,GOOS=js GOARCH=wasm,./guest/worker)
	cp guest/worker/worker.js web/guest/worker.js
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" web/guest/wasm_exec.js

## static: the complete static site in dist/ (see dist/SERVING.md)
static: wasm
	rm -rf dist
	$(GO) run -ldflags="$(LDFLAGS)" ./app static dist

## binary: one self-contained bin/amilab that embeds the whole site (PLATFORM=os/arch to cross-build)
binary: wasm
	rm -rf app/embedded
	mkdir -p app/embedded
	cp -Rp web app/embedded/web
	CGO_ENABLED=0 $(if $(PLATFORM),GOOS=$(word 1,$(subst /, ,$(PLATFORM))) GOARCH=$(word 2,$(subst /, ,$(PLATFORM))),) \
		$(GO) build -trimpath -tags embedsite -ldflags="$(LDFLAGS)" \
		-o bin/amilab$(if $(PLATFORM),-$(subst /,-,$(PLATFORM)))$(if $(findstring windows,$(PLATFORM)),.exe) ./app
	rm -rf app/embedded

## test: vet, every test (browser tests included), brief fuzzing of every parser
test: vet unit fuzz

## chromium: Debian's Chromium for the browser tests
chromium:
	@test -x $(CHROMIUM) || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)

vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./app/... ./engine/... ./content/... ./guest/...
	GOOS=wasip1 GOARCH=wasm $(GO) vet ./guest/busybox ./guest/programs ./guest/distro

unit: wasm chromium
	CHROMIUM=$(CHROMIUM) AMILAB_BROWSER=require $(GO) test -count=1 ./...

# Every fuzz target runs for FUZZTIME (go test -fuzz takes one target at a time).
FUZZ_TARGETS := ./engine:FuzzLoad ./engine/cli:FuzzTokenize ./engine/cli:FuzzShorthand ./engine/cli:FuzzRun \
	./content/lesson:FuzzParse ./content/lesson:FuzzEvaluate ./guest/programs:FuzzParse ./guest/local:FuzzExec

fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		echo "fuzz $${t#*:} ($${t%%:*}) for $(FUZZTIME)"; \
		$(GO) test -run='^$$' -fuzz="^$${t#*:}$$" -fuzztime=$(FUZZTIME) $${t%%:*}; \
	done

## bench: engine benchmarks (10 and 10,000 instances) and guest runtime benchmarks
bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./engine/... ./guest/local

## screenshots: PNGs of the main screens in docs/
screenshots: wasm chromium
	CHROMIUM=$(CHROMIUM) AMILAB_BROWSER=require $(GO) test -count=1 -run='^TestScreenshots$$' ./app -args -screenshots=$(CURDIR)/docs

## measure: app.wasm sizes and load/interaction timings in a real browser
measure: wasm chromium
	CHROMIUM=$(CHROMIUM) AMILAB_BROWSER=require $(GO) test -count=1 -v -run='^TestMeasure$$' ./app -args -measure
