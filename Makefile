# The two commands a newcomer needs:
#   make run   - the site with demo content on http://127.0.0.1:8000 (SQLite unless DATABASE_URL)
#   make test  - the whole test suite on PostgreSQL, browser tests in Chromium included
.PHONY: run test e2e lint serve bench clean messages

PY := .venv/bin/python

run:
	@scripts/venv.sh requirements.txt
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_demo
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

test:
	@scripts/venv.sh requirements-dev.txt
	@scripts/browser_deps.sh
	@scripts/nginx_deps.sh
	@scripts/ensure_redis.sh
	@url=$$(scripts/ensure_postgres.sh) && DATABASE_URL="$$url" $(PY) -m pytest $(PYTEST_ARGS)

# Only the browser tests (tests/e2e), required to run: e.g. make e2e PYTEST_ARGS="-k keyboard".
# Screenshots and axe-core's results land in tests/e2e/screenshots/.
e2e:
	@scripts/venv.sh requirements-dev.txt
	@scripts/browser_deps.sh
	@url=$$(scripts/ensure_postgres.sh) && DATABASE_URL="$$url" REQUIRE_BROWSER_TESTS=1 $(PY) -m pytest tests/e2e $(PYTEST_ARGS)

# Benchmarks (not part of the test run): render times in process, where they go (the
# article page's queries one by one), then load through gunicorn with wrk. Each builds its
# own scratch PostgreSQL database; results land in bench/results/.
# Pass options with e.g. make bench RENDER_ARGS="--repeat 50" LOAD_ARGS="--seconds 20".
# bench/nginx.py puts the shipped deploy/nginx.conf in front (NGINX_ARGS="--rounds 5").
bench:
	@scripts/venv.sh requirements-bench.txt
	@scripts/bench_deps.sh
	@scripts/nginx_deps.sh --required
	@url=$$(scripts/ensure_postgres.sh) && base=$${url%/*} && \
	  BENCH_DATABASE_URL="$$base/sciatica_bench" $(PY) bench/render.py $(RENDER_ARGS) && \
	  BENCH_BREAKDOWN_DATABASE_URL="$$base/sciatica_breakdown" $(PY) bench/breakdown.py && \
	  BENCH_SEARCH_DATABASE_URL="$$base/sciatica_bench_search" $(PY) bench/search.py $(SEARCH_ARGS) && \
	  BENCH_LOAD_DATABASE_URL="$$base/sciatica_bench_load" $(PY) bench/load.py $(LOAD_ARGS) && \
	  BENCH_NGINX_DATABASE_URL="$$base/sciatica_bench_nginx" $(PY) bench/nginx.py $(NGINX_ARGS)

# Translations (needs GNU gettext, installed by scripts/gettext_deps.sh when missing and
# root): refresh every catalogue in locale/ from the text marked in templates and Python
# (django.po) and in the readers' scripts (djangojs.po: gettext() in *.js), compile them
# (.mo) and write the scripts' catalogues (static/jsi18n/<language>.js), all committed.
# A new language: make messages LANG_CODE=xx. See the README, "Languages".
MESSAGE_LANGS = $(if $(LANG_CODE),-l $(LANG_CODE),$(patsubst locale/%,-l %,$(wildcard locale/*)))
MESSAGE_IGNORE = --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=media \
  --ignore=.test-media --ignore=tests --ignore=bench
messages:
	@scripts/venv.sh requirements.txt
	@scripts/gettext_deps.sh
	DJANGO_DEBUG=1 $(PY) manage.py makemessages $(MESSAGE_LANGS) --no-obsolete $(MESSAGE_IGNORE)
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -d djangojs $(MESSAGE_LANGS) --no-obsolete \
	  $(MESSAGE_IGNORE) --ignore=static/jsi18n
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules
	DJANGO_DEBUG=1 $(PY) scripts/js_catalogues.py

lint:
	@scripts/venv.sh requirements-dev.txt
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# Production-style serving (gunicorn + WhiteNoise). Needs DJANGO_SECRET_KEY,
# DJANGO_ALLOWED_HOSTS and, for anything but a trial, DATABASE_URL. See the README.
serve:
	@scripts/venv.sh requirements.txt
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	.venv/bin/gunicorn sciatica_site.wsgi

clean:
	rm -rf .venv staticfiles .pytest_cache .ruff_cache .test-media
