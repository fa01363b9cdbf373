#!/usr/bin/env bash
# Runs every OfficeMesh test: rules, grains on Orleans' test host, the storage contract on SQLite and
# PostgreSQL, HTTP through the gateway, and real server processes (restart, kill -9, failover).
# The tests start a throwaway PostgreSQL from this machine's server binaries (Debian: apt-get install
# postgresql), or use the server named by OFFICEMESH_TEST_POSTGRES (a connection string).
set -euo pipefail
cd "$(dirname "$0")"
exec dotnet test OfficeMesh.sln -c Release "$@"
