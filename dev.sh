#!/usr/bin/env bash
# One entry point for people and CI.
#   ./dev.sh serve   set up, build and serve the site (http://127.0.0.1:8000)
#   ./dev.sh build   set up and build the site into site/ (strict)
#   ./dev.sh lint    set up and lint the notes
#   ./dev.sh test    set up, check (ruff, mypy, import layers) and run the whole test suite
#                    (with arguments: pytest with those arguments only)
#   ./dev.sh test --fast   the checks and the fast tier: no real builds, browsers or pre-commit
set -euo pipefail
cd "$(dirname "$0")"
VENV="${PMNOTES_VENV:-.venv}"

setup() {
    if [ ! -x "$VENV/bin/python" ]; then
        python3 -m venv "$VENV"
    fi
    # Some pip configurations list local index folders that may not exist; pip warns once per
    # package about them, which buries real errors, so only those lines are dropped.
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[test]" \
        2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
}

need_chromium() {
    # The browser test drives Debian's chromium; Playwright's own download cannot work offline.
    if command -v chromium >/dev/null 2>&1; then
        return
    fi
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    echo "dev.sh: installing Debian's chromium for the browser test" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
}

checks() {
    # The code checks of the README's architecture section; configuration in pyproject.toml.
    "$VENV/bin/ruff" check .
    "$VENV/bin/ruff" format --check .
    "$VENV/bin/mypy"
    "$VENV/bin/lint-imports" --no-cache
}

case "${1:-}" in
    serve) setup; exec "$VENV/bin/mkdocs" serve --dev-addr 127.0.0.1:8000 ;;
    build) setup; exec "$VENV/bin/mkdocs" build --strict ;;
    lint) setup; shift; exec "$VENV/bin/pmnotes" lint "$@" ;;
    test)
        setup
        shift
        if [ "${1:-}" = "--fast" ]; then
            shift
            checks
            exec "$VENV/bin/python" -m pytest -m "not slow and not browser" "$@"
        fi
        need_chromium
        [ $# -gt 0 ] || checks
        exec "$VENV/bin/python" -m pytest "$@"
        ;;
    *) echo "usage: ./dev.sh serve|build|lint|test [--fast]" >&2; exit 2 ;;
esac
