#!/usr/bin/env bash
# Live-channel fan-out: N sockets on one gateway, all subscribed to one server; U updates at R/s
# pushed through the gateway's hub (what the Kafka listener does per record). Reports open time,
# heap per socket (gateway + client in one JVM: an upper bound) and p50/p99 delivery latency.
# Both socket ends live in this JVM, so the run needs 2 file descriptors per socket (ulimit -n).
# Usage: bench/gateway/ws-fanout.sh [sockets=1000] [updates=50] [rate=10]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CP=${CP:-$ROOT/bench/target/benchmarks.jar}
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec java ${JAVA_OPTS:--Xmx2g} -cp "$CP" io.pvepanel.bench.gateway.WsFanoutBench "${1:-1000}" "${2:-50}" "${3:-10}"
