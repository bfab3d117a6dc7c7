# AMI Lab. `make run` serves the site on http://localhost:8000; `make test` runs every test.
GO      ?= go
ADDR    ?= localhost:8000
VERSION ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo dev)
FUZZTIME ?= 10s

.PHONY: run test vet unit fuzz bench wasm

## run: build web/app.wasm and serve the site on http://$(ADDR)
run: wasm
	$(GO) run ./app serve --addr $(ADDR)

## wasm: the browser client
wasm:
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w -X main.version=$(VERSION)" -o web/app.wasm ./app

## test: vet, every test (browser tests included), brief fuzzing of every parser
test: vet unit fuzz

vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./app/... ./engine/... ./content/...

unit: wasm
	$(GO) test -count=1 ./...

fuzz:
	$(GO) test -run='^$$' -fuzz='^FuzzLoad$$' -fuzztime=$(FUZZTIME) ./engine

## bench: engine benchmarks at 10 and 10,000 instances
bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./engine/...
