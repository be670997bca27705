#!/usr/bin/env bash
# Lighthouse (mobile preset) on the built public site.
#
#     bash bench/bench_website_lighthouse.sh [--demo]
#
# Builds the site from a throw-away SQLite database in a temporary folder (never var/): migrate,
# load the default contract, with --demo also the synthetic demo season (events, FAQs, news),
# then `manage.py build_site --out`. Serves the folder with Python's http.server on a free
# local port (answering the page-view beacon with 204, as Django does) and runs Lighthouse 12 (npm registry; installed once into $LIGHTHOUSE_DIR, default
# /tmp/fukyu-lighthouse) with Debian's chromium headless, the default mobile preset (Moto G
# Power emulation, simulated slow 4G), on /, /faq/, /events/, /contact/ and one mini-app page.
# Prints a Markdown table of the four category scores and the failing audits; leaves the JSON
# reports in the temporary folder (printed) and nothing running.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY="$ROOT/.venv/bin/python"
LIGHTHOUSE_DIR=${LIGHTHOUSE_DIR:-/tmp/fukyu-lighthouse}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}

if [ ! -x "$LIGHTHOUSE_DIR/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$LIGHTHOUSE_DIR"
  npm install --prefix "$LIGHTHOUSE_DIR" --no-audit --no-fund --silent lighthouse@12 >&2
fi
LIGHTHOUSE="$LIGHTHOUSE_DIR/node_modules/.bin/lighthouse"

WORK=$(mktemp -d /tmp/fukyu-lighthouse-run.XXXXXX)
PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
export DJANGO_SETTINGS_MODULE=config.settings.dev
export DATABASE_URL="sqlite:///$WORK/db.sqlite3"
export FUKYU_VAR_DIR="$WORK/var"
export FUKYU_SITE_URL="$BASE"
mkdir -p "$FUKYU_VAR_DIR"

"$PY" manage.py migrate --noinput -v0
"$PY" manage.py load_contract >/dev/null
if [ "${1:-}" = "--demo" ]; then
  FUKYU_TODAY=2025-01-15 "$PY" manage.py seed_demo --scale 0.05 >/dev/null
fi
FUKYU_TODAY=2025-01-15 "$PY" manage.py build_site --out "$WORK/site" --base-url "$BASE" >/dev/null

APP=$(cd "$WORK/site/apps" && ls -d */ | head -n 1)
PAGES=("/" "/faq/" "/events/" "/contact/" "/apps/${APP}")

# python -m http.server, plus a 204 for the page-view beacon (POST /api/v1/pageviews), which
# Django answers in `make run`; without it every page logs a 501 in the console.
"$PY" -c '
import functools, http.server, sys
class Handler(http.server.SimpleHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(204 if self.path.startswith("/api/v1/pageviews") else 405)
        self.end_headers()
    def log_message(self, *args):
        pass
handler = functools.partial(Handler, directory=sys.argv[2])
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), handler).serve_forever()
' "$PORT" "$WORK/site" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -fs "$BASE/" >/dev/null && break
  sleep 0.1
done

for page in "${PAGES[@]}"; do
  name=$(echo "$page" | tr '/' '_')
  "$LIGHTHOUSE" "$BASE$page" --quiet --output=json --output-path="$WORK/lh$name.json" \
    --chrome-flags="--headless --no-sandbox" --only-categories=performance,accessibility,best-practices,seo
done

"$PY" - "$WORK" "${PAGES[@]}" <<'EOF'
import json
import sys
from pathlib import Path

work, pages = Path(sys.argv[1]), sys.argv[2:]
cats = ["performance", "accessibility", "best-practices", "seo"]
print("| page | " + " | ".join(cats) + " |")
print("|---|" + "---:|" * len(cats))
failing = {}
for page in pages:
    report = json.loads((work / f"lh{page.replace('/', '_')}.json").read_text())
    scores = [round(report["categories"][c]["score"] * 100) for c in cats]
    print(f"| {page} | " + " | ".join(str(s) for s in scores) + " |")
    for audit in report["audits"].values():
        if audit.get("score") is not None and audit["score"] < 0.9 and audit["scoreDisplayMode"] in ("binary", "numeric", "metricSavings"):
            failing.setdefault(audit["id"], []).append(f"{page} ({audit['score']:.2f})")
print()
print("Audits below 0.9: " + ("; ".join(f"{k}: {', '.join(v)}" for k, v in sorted(failing.items())) or "none"))
print(f"JSON reports: {work}")
EOF
