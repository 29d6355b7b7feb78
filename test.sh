#!/usr/bin/env bash
# Runs every test: installs what the tests need when it is missing (Debian's chromium and postgresql, as root),
# starts a throwaway PostgreSQL on a loopback port, runs `dotnet test`, cleans up, and ends with one line
# "N passed, N failed, N skipped" read from the test results.
set -euo pipefail
cd "$(dirname "$0")"

need_packages=()
[ -x /usr/bin/chromium ] || need_packages+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_packages+=(postgresql)
command -v python3 >/dev/null 2>&1 || need_packages+=(python3)   # picks a free port and reads the test results
if [ ${#need_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing ${need_packages[*]} with apt-get…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_packages[@]}" >/dev/null
  else
    echo "Missing ${need_packages[*]}: install them (apt-get install ${need_packages[*]}) or run as root." >&2
    exit 1
  fi
fi

# A throwaway PostgreSQL owned by the postgres user (it refuses to run as root), on a free loopback port.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg_dir=$(mktemp -d /tmp/meiro-pg.XXXXXX)
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
run_pg() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$pg_dir"
cleanup() {
  run_pg "$pg_bin/pg_ctl -D $pg_dir/data -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap cleanup EXIT
run_pg "$pg_bin/initdb -A trust -U postgres -D $pg_dir/data" >/dev/null
run_pg "$pg_bin/pg_ctl -D $pg_dir/data -l $pg_dir/log -w start -o \"-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off\"" >/dev/null
export MEIRO_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"

results=TestResults
rm -rf "$results"
status=0
dotnet test --project MeiroMmm.Tests/MeiroMmm.Tests.csproj -c Release --results-directory "$results" \
  --report-xunit-trx --report-xunit-trx-filename results.trx "$@" || status=$?

trx=$(find "$results" -name '*.trx' | head -n 1)
if [ -n "$trx" ]; then
  python3 - "$trx" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
c = root.find('{*}ResultSummary/{*}Counters')
passed, failed = int(c.get('passed', 0)), int(c.get('failed', 0)) + int(c.get('error', 0)) + int(c.get('timeout', 0)) + int(c.get('aborted', 0))
skipped = int(c.get('total', 0)) - passed - failed
# CI shows only the tail of the output: name each failed test and its message's first lines just above the summary.
for r in (e for e in root.iter() if e.tag.endswith('}UnitTestResult')):
    if r.get('outcome') not in ('Passed', 'NotExecuted'):
        message = r.find('{*}Output/{*}ErrorInfo/{*}Message')
        text = (message.text or '').strip().splitlines() if message is not None else []
        print(f"FAILED {r.get('testName')}: " + ' | '.join(text[:4])[:600])
print(f"{passed} passed, {failed} failed, {max(skipped, 0)} skipped")
PY
else
  echo "0 passed, 1 failed, 0 skipped"
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
