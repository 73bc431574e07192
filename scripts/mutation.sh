#!/usr/bin/env bash
# Mutation testing of the ledger kernel's rules with Stryker.NET (the local tool pinned in .config/dotnet-tools.json).
# Slow (tens of minutes on two cores), so it is not part of ./scripts/test.sh or .ci/run; see docs/testing.md.
# It mutates only the kernel's rule files — allocation, carry-forward, canonical form and chain verification, the
# journal rules and the engine's idempotency decision — and runs CommunityFund.Core.Tests against every mutant.
# Reports (HTML, JSON, Markdown) go to artifacts/mutation/reports/. Usage: ./scripts/mutation.sh [extra stryker options]
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
root=$PWD
dotnet tool restore >/dev/null

# The engine's idempotency decision is a block of PostingEngine.cs: mutate only that span (characters, as Stryker wants).
engine=src/CommunityFund.Core/Posting/PostingEngine.cs
span=$(python3 - "$engine" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8-sig").read()
start = text.index("if (idempotencyKey is not null && fresh)")
end = text.index("if (alreadyReversedCheck is", start)
print(f"{{{start}..{end}}}")
PY
)

mutate=(
  "**/Money/Money.Allocation.cs"
  "**/Economy/CarryForwardAllocator.cs"
  "**/Posting/CanonicalForm.cs"
  "**/Posting/ChainVerifier.cs"
  "**/Posting/JournalRules.cs"
  "**/Posting/PostingEngine.cs$span"
)
args=()
for m in "${mutate[@]}"; do args+=(--mutate "$m"); done

cd tests/CommunityFund.Core.Tests
dotnet stryker --config-file "$root/eng/stryker-config.json" --output "$root/artifacts/mutation" --skip-version-check "${args[@]}" "$@"
