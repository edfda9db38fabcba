#!/usr/bin/env bash
# Gateway HTTP overhead: throughput through the gateway (JWT validated, routed, rate-limit filter
# on) divided by throughput direct to the same backend, then the latency added at half of the
# gateway's maximum rate. Loopback only; bounded durations.
#
# Needs: wrk (apt-get install -y wrk), python3, a built gateway (gateway-service/target/
# gateway-service-exec.jar) and BenchBackend on CP (default: bench/target/benchmarks.jar).
# Usage: bench/gateway/http-throughput.sh [seconds=10] [connections=64] [threads=2]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SECS=${1:-10}
CONNS=${2:-64}
THREADS=${3:-2}
CP=${CP:-$ROOT/bench/target/benchmarks.jar}
GATEWAY_JAR=${GATEWAY_JAR:-$ROOT/gateway-service/target/gateway-service-exec.jar}
BACKEND_PORT=${BACKEND_PORT:-18081}
GATEWAY_PORT=${GATEWAY_PORT:-18080}
export JWT_SECRET=${JWT_SECRET:-bench-only-secret-0123456789abcdef-0123456789}
JAVA_OPTS=${JAVA_OPTS:--Xmx512m}

cleanup() { kill "${BACKEND_PID:-}" "${GATEWAY_PID:-}" 2>/dev/null || true; }
trap cleanup EXIT

java $JAVA_OPTS -cp "$CP" io.pvepanel.bench.gateway.BenchBackend "$BACKEND_PORT" >/tmp/bench-backend.log 2>&1 &
BACKEND_PID=$!
SERVER_PORT=$GATEWAY_PORT CONTROL_URL=http://127.0.0.1:$BACKEND_PORT \
  java $JAVA_OPTS -jar "$GATEWAY_JAR" \
  --pvepanel.gateway.live.consume=false \
  --pvepanel.gateway.rate-limits.general.capacity=100000000 \
  --pvepanel.gateway.rate-limits.general.refill-period=1s \
  --logging.level.root=WARN >/tmp/bench-gateway.log 2>&1 &
GATEWAY_PID=$!
for i in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$GATEWAY_PORT/actuator/health/readiness" >/dev/null && break
  sleep 0.5
done

TOKEN=$(python3 - <<'PY'
import base64, hmac, hashlib, json, os, time
b = lambda d: base64.urlsafe_b64encode(d).rstrip(b"=").decode()
h = b(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
p = b(json.dumps({"id": 1, "iat": int(time.time()), "exp": int(time.time()) + 3600}).encode())
s = b(hmac.new(os.environ["JWT_SECRET"].encode(), f"{h}.{p}".encode(), hashlib.sha256).digest())
print(f"{h}.{p}.{s}")
PY
)
AUTH="Authorization: Bearer $TOKEN"
DIRECT=http://127.0.0.1:$BACKEND_PORT/api/server/101
VIA=http://127.0.0.1:$GATEWAY_PORT/api/server/101
curl -sf -H "$AUTH" "$VIA" >/dev/null || { echo "gateway did not route"; exit 1; }

rps() { awk '/Requests\/sec/ {print $2}'; }
echo "== warm-up (JIT)"; wrk -t"$THREADS" -c"$CONNS" -d20s -H "$AUTH" "$VIA" >/dev/null
echo "== max throughput, $CONNS connections, ${SECS}s"
D=$(wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" -H "$AUTH" "$DIRECT" | tee /dev/stderr | rps)
G=$(wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" -H "$AUTH" "$VIA" | tee /dev/stderr | rps)
echo "direct=$D req/s gateway=$G req/s ratio=$(python3 -c "print(round($G/$D,3))")"

# half load: each connection waits DELAY ms between requests so the offered rate is about half the
# gateway's maximum (wrk has no fixed-rate mode; the delay script approximates one)
HALF=$(python3 -c "print(max(1, $G/2))")
LC=16
DELAY=$(python3 -c "print(max(0, int($LC*1000/$HALF)))")
cat >/tmp/bench-delay.lua <<LUA
function delay() return $DELAY end
LUA
echo "== half load (~$HALF req/s: $LC connections, ${DELAY} ms think time)"
wrk -t"$THREADS" -c"$LC" -d"${SECS}s" --latency -s /tmp/bench-delay.lua -H "$AUTH" "$DIRECT" | tee /tmp/bench-direct-half.txt
wrk -t"$THREADS" -c"$LC" -d"${SECS}s" --latency -s /tmp/bench-delay.lua -H "$AUTH" "$VIA" | tee /tmp/bench-gateway-half.txt
for f in direct gateway; do
  echo "$f: $(awk '/^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Requests\/sec/ {r=$2} END {print "p50=" p50 " p99=" p99 " rps=" r}' /tmp/bench-$f-half.txt)"
done
