#!/usr/bin/env bash
# Builds Release and runs the OfficeMesh benchmark (bench/OfficeMesh.Benchmarks):
#   ./bench.sh           pgbench ceilings, the peer (bench/OfficeMesh.Peer: a minimal API with JWT, one PostgreSQL row
#                        per request) beside the embedded role and 1 silo + gateway under one officer's load, then
#                        embedded, 1 silo + gateway and 3 silos + gateway under the same HTTP load; writes
#                        docs/benchmarks.md and docs/benchmark.png (about 15 minutes)
#   ./bench.sh --smoke   the same pipeline for seconds, written to a temporary directory (what CI runs)
#   ./bench.sh --peer    the peer comparison alone, put in place of its section of docs/benchmarks.md
#                        (with --smoke: for seconds, to a temporary directory)
#   ./bench.sh --web     the web workspace alone (headless Chromium: sign-in page, inbox, first page of
#                        10,000 items), put in place of the "Web workspace" section of docs/benchmarks.md
#   ./bench.sh --web --smoke   the same at smoke sizes (one run), written to a temporary directory
#   --reuse-published    run the server and peer an earlier run published instead of publishing again (comparing settings)
#   ./bench.sh --scale   40,000 units and as many items as --scale-load-minutes N allows (default 10),
#                        then random reads and submissions; writes docs/benchmarks-scale.md
#   ./bench.sh --setups documents   embedded, a county of 40 townships and 6,000 items, then the time to
#                        download the item list and the score table as .xlsx; writes benchmarks-documents.md
# Needs PostgreSQL's server binaries and pgbench (Debian: apt-get install postgresql).
set -euo pipefail
cd "$(dirname "$0")"
dotnet build bench/OfficeMesh.Benchmarks -c Release -v quiet -nologo
exec dotnet bench/OfficeMesh.Benchmarks/bin/Release/net10.0/OfficeMesh.Benchmarks.dll "$@"
