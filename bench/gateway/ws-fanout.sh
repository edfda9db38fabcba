#!/usr/bin/env bash
# Live-channel fan-out: N sockets on one gateway, all subscribed to one server; U updates at R/s
# pushed through the gateway's hub (what the Kafka listener does per record). Reports open time,
# the gateway's heap per socket and p50/p99/max delivery latency.
# The gateway runs in this JVM (JAVA_OPTS, default -Xmx2g); the client sockets in a child JVM it
# starts on the same classpath (CLIENT_JAVA_OPTS, default -Xmx1g), so each process needs one file
# descriptor per socket (ulimit -n) and the heap figure is the gateway's alone.
# Usage: bench/gateway/ws-fanout.sh [sockets=1000] [updates=50] [rate=10]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CP=${CP:-$ROOT/bench/target/benchmarks.jar}
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
export CLIENT_JAVA_OPTS=${CLIENT_JAVA_OPTS:--Xmx1g}
exec java ${JAVA_OPTS:--Xmx2g} -cp "$CP" io.pvepanel.bench.gateway.WsFanoutBench "${1:-1000}" "${2:-50}" "${3:-10}"
