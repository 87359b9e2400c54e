#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls this script). Needs only the .NET 10 SDK:
# the servers the tests use are installed and started here when a test needs one.
set -euo pipefail
cd "$(dirname "$0")"

configuration="${CONFIGURATION:-Release}"

dotnet build Traceability.sln -c "$configuration" -warnaserror
dotnet test Traceability.sln -c "$configuration" --no-build --logger "console;verbosity=normal" "$@"
