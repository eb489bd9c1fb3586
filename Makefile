# The two commands a newcomer needs: `make run` (start the service) and `make test` (run every test).
SHELL := /bin/bash
NPM ?= npm

.PHONY: help install build run test typecheck lint format proto proto-check bench bench-hardening bench-warmup soak train-classifier eval-classifier clean

help:
	@echo "make run    start the service on embedded defaults (simulator without ANTHROPIC_API_KEY, in-process cache without REDIS_URL)"
	@echo "make test   install what is needed, lint the proto and the import boundaries, type-check and run every test"
	@echo "make bench  measure the router against a direct SDK call and a bare grpc-js echo"
	@echo "make bench-hardening  /metrics and RSS under 10,000 made-up names; a 30 s storm of 300 cancels/s"
	@echo "make bench-warmup  the first 100 calls after start-up against 100 a minute later, warm-up on and off"
	@echo "make soak   10 minutes of three replicas on one Redis under random upstream faults and Redis restarts (SOAK_SECONDS shortens it)"
	@echo "make train-classifier  train the task classifier on data/classifier/train into models/task-classifier.json"
	@echo "make eval-classifier   accuracy, precision/recall, confusion and time per call on the held-out prompts"

node_modules/.installed: package.json package-lock.json
	$(NPM) ci --no-audit --no-fund
	@touch $@

install: node_modules/.installed

build: install
	$(NPM) run build

run: build
	MALLOC_ARENA_MAX=$${MALLOC_ARENA_MAX:-2} $(NPM) start

proto: install
	rm -rf src/generated && $(NPM) run gen:proto

PRETTIER_FILES := "src/**/*.ts" "test/**/*.ts" "bench/**/*.ts" "scripts/**/*.ts"

lint: install
	cd proto && npx buf lint
	npx eslint src
	npx prettier --check $(PRETTIER_FILES)

format: install
	npx prettier --write $(PRETTIER_FILES)

typecheck: install
	npx tsc -p tsconfig.json --noEmit

test: install lint typecheck build
	npx jest

bench: build
	node dist/bench/run.js

bench-hardening: build
	node dist/bench/hardening.js

bench-warmup: build
	node dist/bench/warmup.js

soak: build
	node dist/bench/soak.js

train-classifier: build
	node dist/scripts/classifier/train.js

eval-classifier: build
	node --expose-gc dist/scripts/classifier/evaluate.js

clean:
	rm -rf dist node_modules coverage
