#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls this script). Needs the .NET 10 SDK, and
# Node.js with npm for the contract toolchain (installed from Debian's packages when missing):
# the servers the tests use are installed and started here when a test needs one.
set -euo pipefail
cd "$(dirname "$0")"

configuration="${CONFIGURATION:-Release}"

# The anchor contract's toolchain, pinned by deploy/contracts/package-lock.json: solc (the
# compiler the committed bytecode is checked against) and anvil (the Ethereum node the anchoring
# tests start on 127.0.0.1; they find it under deploy/contracts/node_modules). Installed only when
# node_modules is missing or older than the lock file; the binaries ship in the npm packages.
if ! command -v npm >/dev/null; then
  echo "test.sh: installing Node.js and npm (Debian packages) for deploy/contracts" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
# The MQTT broker and the time-series server the ingestion tests start on 127.0.0.1 (free ports,
# stopped by the tests): Debian's mosquitto and victoria-metrics (InfluxDB /api/v2/write). The
# trace page tests drive Debian's chromium (headless, through Playwright's driver, no download).
missing=()
[ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
[ -x /usr/bin/victoria-metrics ] || missing+=(victoria-metrics)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]} (Debian packages)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

contracts=deploy/contracts
if [ ! -f "$contracts/node_modules/.package-lock.json" ] || [ "$contracts/package-lock.json" -nt "$contracts/node_modules/.package-lock.json" ]; then
  npm ci --prefix "$contracts" --ignore-scripts --no-audit --no-fund --loglevel=error
fi

# The committed contract bytecode and ABI are what the pinned solc makes of the source.
"$contracts/check"

dotnet build Traceability.sln -c "$configuration" -warnaserror
dotnet test Traceability.sln -c "$configuration" --no-build --logger "console;verbosity=normal" "$@"
