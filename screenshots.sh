#!/usr/bin/env bash
# Takes the README's screenshots of the web workspace into docs/screenshots/*.png: starts its own
# server on a temporary data directory and drives Debian's Chromium (apt-get install chromium fonts-noto-cjk).
set -euo pipefail
cd "$(dirname "$0")"
dotnet build tests/OfficeMesh.Screenshots -c Release
dotnet tests/OfficeMesh.Screenshots/bin/Release/net10.0/OfficeMesh.Screenshots.dll docs/screenshots
