#!/usr/bin/env bash
# Packs every packable project of CommunityFund.sln into artifacts/packages, restores the programs in samples/ from
# there (PackageReference, never ProjectReference) and runs them. Each program checks its own figures and must exit 0
# with "OK" as its last line.
#
# Every pack has a version of its own, <Version of src/CommunityFund.Core>-local.<seconds since 1970>, and the samples
# restore into their own packages folder (artifacts/samples/packages, see samples/nuget.config): a stale package from
# an earlier pack, or from the NuGet cache in ~/.nuget/packages, can never be used.
#
# Prints "sample <name>: passed" or "sample <name>: failed (<why>)" per program ("sample pack: failed" when packing
# fails) — scripts/test.sh counts these lines — and exits non-zero on any failure.
#
#   ./scripts/samples.sh              builds CommunityFund.sln (Release), packs, runs the samples
#   ./scripts/samples.sh --no-build   packs what the last Release build produced (scripts/test.sh, after dotnet test)
#   ./scripts/samples.sh --verbose    also prints each sample's report
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

build=true
verbose=false
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    --verbose) verbose=true ;;
    *) echo "usage: $0 [--no-build] [--verbose]" >&2; exit 2 ;;
  esac
done

feed=artifacts/packages
samples_packages=artifacts/samples/packages
log=$(mktemp)
trap 'rm -f "$log"' EXIT

fail_pack() {
  echo "sample pack: failed ($1)"
  sed 's/^/  | /' "$log" | tail -n 40
  exit 1
}

if ! base=$(dotnet msbuild src/CommunityFund.Core/CommunityFund.Core.csproj -getProperty:Version -p:Configuration=Release 2>"$log") || [ -z "$base" ]; then
  fail_pack "cannot read the Version of src/CommunityFund.Core"
fi
version="$base-local.$(date -u +%s)"

pack() {
  dotnet pack CommunityFund.sln -c Release --no-build -p:Version="$version" -p:PackageOutputPath="$PWD/$feed" >"$log" 2>&1
}
rm -rf "$feed"
mkdir -p "$feed"
if $build; then
  dotnet build CommunityFund.sln -c Release >"$log" 2>&1 || fail_pack "dotnet build CommunityFund.sln failed"
fi
# Without a fresh build the outputs may be missing: build once and pack again, as the package check of test.sh does.
if ! pack; then
  if $build || ! dotnet build CommunityFund.sln -c Release >"$log" 2>&1 || ! pack; then
    fail_pack "dotnet pack CommunityFund.sln failed"
  fi
fi
if ! ls "$feed"/CommunityFund.Core."$version".nupkg >/dev/null 2>&1; then
  fail_pack "no CommunityFund.Core.$version.nupkg in $feed"
fi
cat >"$feed/CommunityFund.Version.props" <<EOF
<Project>
  <PropertyGroup>
    <CommunityFundVersion>$version</CommunityFundVersion>
  </PropertyGroup>
</Project>
EOF
echo "packed $version: $(cd "$feed" && ls -- *.nupkg | sed "s/\.$version\.nupkg//" | tr '\n' ' ')"

# Earlier local versions are never used again; drop them from the samples' packages folder (NodaTime etc. stay).
rm -rf "$samples_packages"/communityfund.*

failures=0
samples=0
shopt -s nullglob
for project in samples/*/*.csproj; do
  sample=$(basename "$(dirname "$project")")
  samples=$((samples + 1))
  if ! dotnet build "$project" -c Release -p:CommunityFundVersion="$version" >"$log" 2>&1; then
    echo "sample $sample: failed (restore or build against the packages failed)"
    grep -E 'error|warning' "$log" | sort -u | sed 's/^/  | /' | tail -n 20
    failures=$((failures + 1))
    continue
  fi
  # A sample that talks to the HTTP API (a file named needs-api beside it) gets the built API, started here on a free
  # port with the demo ledger and a throw-away database, and the demo keys as arguments.
  sample_args=()
  api_pid=
  if [ -f "$(dirname "$project")/needs-api" ]; then
    api_dir=$(mktemp -d)
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    Books__ConnectionString="Data Source=$api_dir/books.db" Books__CheckpointKeyFile="$api_dir/key.pem" Books__Demo=true \
      dotnet src/CommunityFund.Api/bin/Release/net10.0/CommunityFund.Api.dll --urls "http://127.0.0.1:$port" >"$api_dir/api.log" 2>&1 &
    api_pid=$!
    for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
    sample_args=(-- "http://127.0.0.1:$port" cf_demo_elder-care_demo-elder-care cf_demo_admin_demo-hub-admin cf_demo_trustee_demo-trustee)
  fi
  dotnet run --project "$project" -c Release --no-build -p:CommunityFundVersion="$version" "${sample_args[@]}" >"$log" 2>&1
  code=$?
  if [ -n "$api_pid" ]; then kill "$api_pid" 2>/dev/null; wait "$api_pid" 2>/dev/null; rm -rf "$api_dir"; fi
  last=$(grep -v '^[[:space:]]*$' "$log" | tail -n 1)
  if [ "$code" -eq 0 ] && [ "$last" = "OK" ]; then
    echo "sample $sample: passed"
    if $verbose; then sed 's/^/  | /' "$log"; fi
  else
    echo "sample $sample: failed (exit code $code, last line '$last')"
    sed 's/^/  | /' "$log"
    failures=$((failures + 1))
  fi
done
if [ "$samples" -eq 0 ]; then
  echo "sample discovery: failed (no samples/*/*.csproj)"
  failures=1
fi

[ "$failures" -eq 0 ]
