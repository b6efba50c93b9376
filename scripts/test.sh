#!/usr/bin/env bash
# Runs every test of imvo on a fresh Debian machine: installs what the tests need (Debian
# packages, a pinned pymrio and schemathesis in a virtual environment), makes sure the local
# PostgreSQL server is up, then runs the whole workspace's test suite against SQLite and
# PostgreSQL. The README's second command and .ci/run both call this script.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
command -v pg_ctlcluster >/dev/null || need_apt+=(postgresql)
command -v pdftoppm >/dev/null || need_apt+=(poppler-utils)
python3 -c 'import venv, ensurepip' 2>/dev/null || need_apt+=(python3-venv)
if ((${#need_apt[@]})); then
  echo "installing Debian packages: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# PostgreSQL: start the local cluster when it is down.
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  version=$(ls /etc/postgresql | sort -V | tail -1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster "$version" main start
  for _ in $(seq 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
export IMVO_TEST_POSTGRES_URL=${IMVO_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}

# Python reference tools, pinned: pymrio (the numerical reference) and schemathesis.
VENV=$ROOT/.venv
if [[ ! -x $VENV/bin/python ]] || ! cmp -s scripts/requirements-test.txt "$VENV/.requirements"; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r scripts/requirements-test.txt
  cp scripts/requirements-test.txt "$VENV/.requirements"
fi
export IMVO_PYTHON=$VENV/bin/python
export IMVO_REQUIRE_REFERENCE=1

# Real public data (a world input-output table, country indicators) is input a user brings, never
# part of the repository; the tests that need it read it through IMVO_REAL_DATA and say loudly
# when they skip. CI has it beside the checkout.
if [[ -z ${IMVO_REAL_DATA:-} && -d $ROOT/../shared/data/real ]]; then
  export IMVO_REAL_DATA=$(cd "$ROOT/../shared/data/real" && pwd)
fi
if [[ -n ${IMVO_REAL_DATA:-} ]]; then
  echo "real data: $IMVO_REAL_DATA"
else
  echo "real data: not found (../shared/data/real); tests on real data will be SKIPPED"
fi

cargo build --workspace --all-targets --locked
cargo test --workspace --locked --no-fail-fast -- --test-threads=2
