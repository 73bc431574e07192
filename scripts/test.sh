#!/usr/bin/env bash
# Runs every test of the solution (restore and build included), checks the NuGet package, runs the samples against
# the packed packages, and ends with one line "N passed, N failed[, N skipped]" summed over all test projects, the
# package check and the samples. Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log=$(mktemp)
filter=()
left_out=""
left_out_why=()
pg_data=""
pg_data_2=""
cleanup() {
  rm -f "$log"
  if [ -n "$pg_data" ]; then ./scripts/postgres.sh stop "$pg_data"; fi
  if [ -n "$pg_data_2" ]; then ./scripts/postgres.sh stop "$pg_data_2"; fi
}
trap cleanup EXIT

# PostgreSQL: use COMMUNITYFUND_PG_ADMIN if given, else start a throw-away cluster when the server is installed.
# In CI (CI=true) the PostgreSQL tests must run: without a server they fail instead of being left out.
if [ -z "${COMMUNITYFUND_PG_ADMIN:-}" ]; then
  if started=$(./scripts/postgres.sh start 2>/dev/null); then
    eval "$started"
    pg_data=$CF_PG_DATA
    echo "PostgreSQL: throw-away cluster in $pg_data"
  elif [ "${CI:-}" != "true" ]; then
    echo "PostgreSQL server not installed (apt-get install -y postgresql): leaving out the PostgreSQL tests."
    filter=(--filter "Category!=Postgres")
    left_out="Category=Postgres"
    left_out_why+=("no PostgreSQL")
  fi
fi

# A second PostgreSQL server for the sharded books' tests (Category=TwoServers): COMMUNITYFUND_PG_ADMIN_2 if given, else
# a second throw-away cluster. In CI both servers must exist; elsewhere these tests are left out without one.
if [ -n "${COMMUNITYFUND_PG_ADMIN:-}" ] && [ -z "${COMMUNITYFUND_PG_ADMIN_2:-}" ]; then
  if started=$(./scripts/postgres.sh start 2>/dev/null); then
    eval "$(sed -e 's/CF_PG_DATA=/CF_PG_DATA_2=/' -e 's/COMMUNITYFUND_PG_ADMIN=/COMMUNITYFUND_PG_ADMIN_2=/' <<<"$started")"
    pg_data_2=$CF_PG_DATA_2
    echo "PostgreSQL: second throw-away cluster in $pg_data_2"
  fi
fi
if [ -z "${COMMUNITYFUND_PG_ADMIN_2:-}" ] && [ "${CI:-}" != "true" ] && [ "$left_out" != "Category=Postgres" ]; then
  echo "No second PostgreSQL server: leaving out the sharded books' tests."
  filter=(--filter "Category!=TwoServers")
  left_out="Category=TwoServers"
  left_out_why+=("no second PostgreSQL server")
fi

# Spectral lints the OpenAPI document (npm, pinned in tools/spectral/package-lock.json).
if command -v npm >/dev/null 2>&1; then
  npm ci --prefix tools/spectral --no-audit --no-fund --loglevel=error >/dev/null
fi

# hledger and bean-check recheck the plain-text exports, Spectral the OpenAPI document; CI installs them, elsewhere
# they are optional.
if ! command -v hledger >/dev/null 2>&1 || ! command -v bean-check >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [ "${CI:-}" != "true" ]; then
    echo "hledger, bean-check or npm not installed (apt-get install -y hledger beancount npm): leaving out the export round-trip and OpenAPI lint tests."
    if [ ${#filter[@]} -gt 0 ]; then filter=(--filter "${filter[1]}&Category!=Tools"); else filter=(--filter "Category!=Tools"); fi
    left_out="${left_out:+$left_out|}Category=Tools"
    left_out_why+=("no hledger/bean-check/npm")
  fi
fi

# The browser tests (tests/CommunityFund.Browser.Tests) skip themselves, with the reason, when Chromium is missing
# outside CI; in CI (CI=true) they fail instead.
if [ ! -x "${CF_CHROMIUM:-/usr/bin/chromium}" ] && [ "${CI:-}" != "true" ]; then
  echo "Chromium not installed (apt-get install -y chromium): the browser tests are skipped."
fi

# In CI a missing snapshot fails instead of being written (Snapshooter's strict mode); see docs/adr/0002.
if [ "${CI:-}" = "true" ]; then export SNAPSHOOTER_STRICT_MODE="${SNAPSHOOTER_STRICT_MODE:-true}"; fi

pg_started=$(date +%s)
dotnet test CommunityFund.sln -c Release "${filter[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
echo "dotnet test took $(( $(date +%s) - pg_started )) s"

sum() { grep -oE "$1: +[0-9]+" "$log" | awk '{s += $2} END {print s + 0}'; }
passed=$(sum Passed)
failed=$(sum Failed)
skipped=$(sum Skipped)

# Tests left out here are counted as skipped (never silently dropped from the count): list them with the inverse filter.
if [ -n "$left_out" ]; then
  not_run=$(dotnet test CommunityFund.sln -c Release --no-build --list-tests --filter "$left_out" 2>/dev/null | grep -c '^    ' || true)
  echo "$not_run tests left out ($(IFS=,; echo "${left_out_why[*]}" | sed 's/,/, /g')): counted as skipped."
  skipped=$((skipped + not_run))
fi

# The packages: each packs (with package validation), and carries its XML docs and its README.
pack_dir=artifacts/pack
rm -rf "$pack_dir"
for package in CommunityFund.Ledger CommunityFund.Core CommunityFund.EntityFrameworkCore; do
  if dotnet pack "src/$package" -c Release --no-build -o "$pack_dir" >/dev/null 2>&1 || dotnet pack "src/$package" -c Release -o "$pack_dir" >/dev/null 2>&1; then
    nupkg=$(ls "$pack_dir/$package".[0-9]*.nupkg | grep -v snupkg | head -n 1)
    contents=$(python3 -c "import sys, zipfile; print('\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))" "$nupkg")
    for wanted in README.md "lib/net10.0/$package.xml" "lib/net10.0/$package.dll"; do
      if grep -qx "$wanted" <<<"$contents"; then
        passed=$((passed + 1))
      else
        echo "package check: $wanted is missing from $nupkg"
        failed=$((failed + 1))
      fi
    done
  else
    echo "package check: dotnet pack $package failed"
    failed=$((failed + 1))
  fi
done

# The samples (scripts/samples.sh): every packable project packed into artifacts/packages with a version of its own,
# the programs in samples/ restored from there by PackageReference and run; each must exit 0 and end with "OK".
# One pass or failure per sample, and one failure when packing fails.
./scripts/samples.sh --no-build 2>&1 | tee "$log"
samples_status=${PIPESTATUS[0]}
samples_passed=$(grep -c '^sample .*: passed$' "$log")
samples_failed=$(grep -c '^sample .*: failed' "$log")
if [ "$samples_status" -ne 0 ] && [ "$samples_failed" -eq 0 ]; then
  echo "samples: scripts/samples.sh failed (exit code $samples_status)"
  samples_failed=1
fi
passed=$((passed + samples_passed))
failed=$((failed + samples_failed))

line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
