#!/usr/bin/env bash
# Gateway HTTP overhead: throughput through the gateway (JWT validated, routed, rate-limit and
# header filters on) divided by throughput direct to the same backend, then the latency added at
# about half of the gateway's maximum rate. Loopback only; bounded durations.
#
# Backends:
#   trivial  io.pvepanel.bench.gateway.BenchBackend: a fixed JSON body from memory, so the
#            gateway's own cost per request stands alone (the worst case for the ratio)
#   control  the control service from its runnable jar, GET /api/server/{id} as the panel reads
#            it (token validated again, ownership, one MariaDB row); simulator from its jar;
#            MariaDB on 127.0.0.1:3306 (root, no password; DB_HOST/DB_PORT/DB_USER override)
#
# Needs: wrk (apt-get install -y wrk), python3, `./mvnw -B -ntp -DskipTests package` done.
# The JIT needs minutes to settle on two cores: WARMUP seconds (default 150) of load through the
# gateway come first, then direct and gateway runs alternate RUNS times (default 3) and the
# median of each is taken.
# PIN=1 gives the gateway CPU 1 to itself and puts wrk, the backend and the simulator on CPU 0, as
# in a deployment where the gateway runs in its own pods (MariaDB is left where it runs); direct
# runs then use CPU 0 only, so the ratio says whether the gateway keeps up with the service.
# Usage: bench/gateway/http-throughput.sh [seconds=15] [connections=32] [threads=2] [backend=trivial]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SECS=${1:-15}
CONNS=${2:-32}
THREADS=${3:-2}
BACKEND=${4:-trivial}
WARMUP=${WARMUP:-150}
RUNS=${RUNS:-3}
CP=${CP:-$ROOT/bench/target/benchmarks.jar}
GATEWAY_JAR=${GATEWAY_JAR:-$ROOT/gateway-service/target/gateway-service-exec.jar}
CONTROL_JAR=${CONTROL_JAR:-$ROOT/server-control-service/target/server-control-service-exec.jar}
SIM_JAR=${SIM_JAR:-$ROOT/proxmox-simulator/target/proxmox-simulator.jar}
BACKEND_PORT=${BACKEND_PORT:-18081}
GATEWAY_PORT=${GATEWAY_PORT:-18080}
SIM_PORT=${SIM_PORT:-18006}
DB_HOST=${DB_HOST:-127.0.0.1}
DB_PORT=${DB_PORT:-3306}
DB_USER=${DB_USER:-root}
export JWT_SECRET=${JWT_SECRET:-bench-only-secret-0123456789abcdef-0123456789}
# every token must name the issuer and audience the services are told (as in production)
export JWT_ISSUER=${JWT_ISSUER:-https://bench.example}
export JWT_AUDIENCE=${JWT_AUDIENCE:-pvepanel}
export RSOCKET_SERVICE_TOKEN=${RSOCKET_SERVICE_TOKEN:-bench-only-service-token-0123456789abcdef}
JAVA_OPTS=${JAVA_OPTS:--Xmx512m}
PIN=${PIN:-0}
if [ "$PIN" = 1 ]; then
  ON_GATEWAY_CPU="taskset -c 1"
  ON_LOAD_CPU="taskset -c 0"
else
  ON_GATEWAY_CPU=""
  ON_LOAD_CPU=""
fi
LOGS=${TMPDIR:-/tmp}
DB=bench_gateway_$$

cleanup() {
  kill "${BACKEND_PID:-}" "${GATEWAY_PID:-}" "${SIM_PID:-}" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ "$BACKEND" = control ]; then
    mariadb -h"$DB_HOST" -P"$DB_PORT" -u"$DB_USER" -e "DROP DATABASE IF EXISTS \`$DB\`" 2>/dev/null || true
  fi
}
trap cleanup EXIT

await() { # url, what
  for _ in $(seq 1 240); do
    curl -sf "$1" >/dev/null && return 0
    sleep 0.5
  done
  echo "$2 did not become ready (logs in $LOGS/bench-*.log)"; exit 1
}

TOKEN=$(python3 - <<'PY'
import base64, hmac, hashlib, json, os, time
b = lambda d: base64.urlsafe_b64encode(d).rstrip(b"=").decode()
h = b(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
p = b(json.dumps({"id": 1, "iss": os.environ["JWT_ISSUER"], "aud": os.environ["JWT_AUDIENCE"],
                  "iat": int(time.time()), "exp": int(time.time()) + 3600}).encode())
s = b(hmac.new(os.environ["JWT_SECRET"].encode(), f"{h}.{p}".encode(), hashlib.sha256).digest())
print(f"{h}.{p}.{s}")
PY
)
AUTH="Authorization: Bearer $TOKEN"

case "$BACKEND" in
  trivial)
    $ON_LOAD_CPU java $JAVA_OPTS -cp "$CP" io.pvepanel.bench.gateway.BenchBackend "$BACKEND_PORT" \
      >"$LOGS/bench-backend.log" 2>&1 &
    BACKEND_PID=$!
    PATH_UNDER_TEST=/api/server/101
    ;;
  control)
    $ON_LOAD_CPU java -Xmx256m -jar "$SIM_JAR" --port "$SIM_PORT" --http --task-duration 0 \
      --unauthorized-delay 0 --no-ssh >"$LOGS/bench-simulator.log" 2>&1 &
    SIM_PID=$!
    for _ in $(seq 1 120); do grep -q '^api token:' "$LOGS/bench-simulator.log" && break; sleep 0.5; done
    API_TOKEN=$(sed -n 's/^api token: PVEAPIToken=//p' "$LOGS/bench-simulator.log")
    [ -n "$API_TOKEN" ] || { echo "simulator did not start"; exit 1; }
    SPRING_APPLICATION_JSON=$(python3 - "$SIM_PORT" "$API_TOKEN" <<'PY'
import json, sys
print(json.dumps({
  "proxmox": {"clusters": [{"name": "local", "base-url": f"http://127.0.0.1:{sys.argv[1]}", "allow-insecure-http": True,
                            "api-token": sys.argv[2]}]},
  "pvepanel": {"control": {"demo-servers": [
      {"owner-id": "1", "node": "pve1", "vmid": 101, "type": "lxc", "name": "web01"}]}}}))
PY
    ) \
    SERVER_PORT=$BACKEND_PORT MANAGEMENT_PORT=$((BACKEND_PORT + 1000)) \
    DB_URL="r2dbc:mysql://$DB_HOST:$DB_PORT/$DB?sslMode=DISABLED" \
    FLYWAY_URL="jdbc:mariadb://$DB_HOST:$DB_PORT/$DB?createDatabaseIfNotExist=true" \
    DB_USERNAME=$DB_USER DB_PASSWORD=${DB_PASSWORD:-} \
    KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9 \
      $ON_LOAD_CPU java $JAVA_OPTS -jar "$CONTROL_JAR" --logging.level.root=WARN \
      --spring.kafka.producer.properties.max.block.ms=10 >"$LOGS/bench-backend.log" 2>&1 &
    BACKEND_PID=$!
    await "http://127.0.0.1:$((BACKEND_PORT + 1000))/actuator/health/readiness" "control service"
    SERVER_ID=""
    for _ in $(seq 1 100); do
      SERVER_ID=$(curl -sf -H "$AUTH" "http://127.0.0.1:$BACKEND_PORT/api/server/my-servers" \
        | grep -o '"id":"[0-9a-f-]\{36\}"' | head -1 | cut -d'"' -f4 || true)
      [ -n "$SERVER_ID" ] && break
      sleep 0.2
    done
    [ -n "$SERVER_ID" ] || { echo "the demo server was not recorded"; exit 1; }
    PATH_UNDER_TEST=/api/server/$SERVER_ID
    ;;
  *) echo "backend must be trivial or control"; exit 2 ;;
esac

SERVER_PORT=$GATEWAY_PORT MANAGEMENT_PORT=$((GATEWAY_PORT + 1000)) CONTROL_URL=http://127.0.0.1:$BACKEND_PORT \
  $ON_GATEWAY_CPU java $JAVA_OPTS -jar "$GATEWAY_JAR" \
  --pvepanel.gateway.live.consume=false \
  --pvepanel.gateway.rate-limits.general.capacity=100000000 \
  --pvepanel.gateway.rate-limits.general.refill-period=1s \
  --logging.level.root=WARN >"$LOGS/bench-gateway.log" 2>&1 &
GATEWAY_PID=$!
await "http://127.0.0.1:$((GATEWAY_PORT + 1000))/actuator/health/readiness" "gateway"

DIRECT=http://127.0.0.1:$BACKEND_PORT$PATH_UNDER_TEST
VIA=http://127.0.0.1:$GATEWAY_PORT$PATH_UNDER_TEST
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" "$VIA")" = 200 ] \
  || { echo "gateway did not route $PATH_UNDER_TEST"; exit 1; }

WRK=$(command -v wrk) || { echo "wrk is missing (apt-get install -y wrk)"; exit 1; }
wrk() { $ON_LOAD_CPU "$WRK" "$@"; }
rps() { awk '/Requests\/sec/ {print $2}'; }
median() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }
echo "== $BACKEND backend: $PATH_UNDER_TEST; $(nproc) cores, PIN=$PIN; warm-up ${WARMUP}s through the gateway"
wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" -H "$AUTH" "$VIA" >/dev/null
wrk -t"$THREADS" -c"$CONNS" -d20s -H "$AUTH" "$DIRECT" >/dev/null
# CPU time of a process (user + system) in clock ticks, to report the CPU each request costs
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)
per_request() { # ticks before, ticks after, requests -> microseconds per request
  python3 -c "print(round(($2 - $1) / $HZ * 1e6 / max(1, $3)))"
}
measure() { # url -> "req/s requests backend-ticks gateway-ticks"
  local b0 g0 out
  b0=$(ticks "$BACKEND_PID"); g0=$(ticks "$GATEWAY_PID")
  out=$(wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" -H "$AUTH" "$1")
  echo "$(echo "$out" | rps) $(echo "$out" | awk '/requests in/ {print $1}') $(( $(ticks "$BACKEND_PID") - b0 )) $(( $(ticks "$GATEWAY_PID") - g0 ))"
}
DS=(); GS=()
for i in $(seq 1 "$RUNS"); do
  read -r D DN DB _ <<<"$(measure "$DIRECT")"
  read -r G GN GB GG <<<"$(measure "$VIA")"
  echo "run $i: direct=$D req/s (backend $(per_request 0 "$DB" "$DN") us CPU/request)" \
    "gateway=$G req/s (backend $(per_request 0 "$GB" "$GN") us + gateway $(per_request 0 "$GG" "$GN") us CPU/request)"
  DS+=("$D"); GS+=("$G")
done
D=$(median "${DS[@]}"); G=$(median "${GS[@]}")
echo "max throughput ($CONNS connections, median of $RUNS x ${SECS}s): direct=$D req/s gateway=$G req/s ratio=$(python3 -c "print(round($G/$D,3))")"

# Half load: each connection waits DELAY ms between requests so the offered rate is about half the
# gateway's maximum (wrk has no fixed-rate mode; the delay script approximates one).
HALF=$(python3 -c "print(max(1, $G/2))")
LC=16
DELAY=$(python3 -c "print(max(0, int($LC*1000/$HALF)))")
cat >"$LOGS/bench-delay.lua" <<LUA
function delay() return $DELAY end
LUA
echo "== half load (~$HALF req/s: $LC connections, ${DELAY} ms think time)"
wrk -t"$THREADS" -c"$LC" -d"${SECS}s" --latency -s "$LOGS/bench-delay.lua" -H "$AUTH" "$DIRECT" >"$LOGS/bench-direct-half.txt"
wrk -t"$THREADS" -c"$LC" -d"${SECS}s" --latency -s "$LOGS/bench-delay.lua" -H "$AUTH" "$VIA" >"$LOGS/bench-gateway-half.txt"
for f in direct gateway; do
  echo "$f: $(awk '/^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Requests\/sec/ {r=$2} END {print "p50=" p50 " p99=" p99 " rps=" r}' "$LOGS/bench-$f-half.txt")"
done
