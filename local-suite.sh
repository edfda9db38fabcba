#!/usr/bin/env bash
# Runs the whole suite locally on embedded defaults and stays in the foreground.
# Ctrl-C (SIGINT) or SIGTERM stops every part and leaves no process behind.
#
#   ./local-suite.sh             build what is missing, then start
#   ./local-suite.sh --no-build  start from the jars already built
#
# Environment: GATEWAY_PORT (default 8080), SIMULATOR_PORT (8006), JWT_SECRET (a dev default).
set -euo pipefail
cd "$(dirname "$0")"

BUILD=1
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=0 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

GATEWAY_PORT="${GATEWAY_PORT:-8080}"
SIMULATOR_PORT="${SIMULATOR_PORT:-8006}"
RUN_DIR=.local-suite
mkdir -p "$RUN_DIR"

# name | jar | port (the port of its readiness probe)
SERVICES=(
  "server-control-service|server-control-service/target/server-control-service-exec.jar|8081"
  "metrics-collector-service|metrics-collector-service/target/metrics-collector-service-exec.jar|8082"
  "alerting-service|alerting-service/target/alerting-service-exec.jar|8083"
  "notification-service|notification-service/target/notification-service-exec.jar|8084"
  "gateway-service|gateway-service/target/gateway-service-exec.jar|$GATEWAY_PORT"
)
SIMULATOR_JAR=proxmox-simulator/target/proxmox-simulator.jar

missing=0
for entry in "${SERVICES[@]}"; do
  IFS='|' read -r _ jar _ <<<"$entry"
  [ -f "$jar" ] || missing=1
done
[ -f "$SIMULATOR_JAR" ] || missing=1
if [ "$missing" = 1 ]; then
  if [ "$BUILD" = 0 ]; then
    echo "jars are missing: run without --no-build" >&2
    exit 1
  fi
  echo "building (./mvnw -B -ntp -DskipTests package) ..."
  ./mvnw -B -ntp -q -DskipTests package
fi

PIDS=()
stop_all() {
  trap - INT TERM EXIT
  echo
  echo "stopping ..."
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill -TERM "${PIDS[$i]}" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
  done
  echo "stopped"
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

# Fast start on small machines: C1 only, serial GC, a small heap; services start one after another.
JAVA_OPTS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -Xmx256m -Xshare:auto)

wait_ready() { # name url seconds
  local name=$1 url=$2 limit=$3
  for _ in $(seq 1 $((limit * 5))); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "$name did not become ready at $url; see $RUN_DIR/$name.log" >&2
  return 1
}

java "${JAVA_OPTS[@]}" -jar "$SIMULATOR_JAR" --http --port "$SIMULATOR_PORT" \
  >"$RUN_DIR/proxmox-simulator.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 150); do
  grep -q '^api token: ' "$RUN_DIR/proxmox-simulator.log" 2>/dev/null && break
  sleep 0.2
done
grep -q '^api token: ' "$RUN_DIR/proxmox-simulator.log" || { echo "simulator did not start" >&2; exit 1; }
SIM_URL=$(sed -n 's/^url: //p' "$RUN_DIR/proxmox-simulator.log" | head -1)
SIM_TOKEN=$(sed -n 's/^api token: //p' "$RUN_DIR/proxmox-simulator.log" | head -1)
export PROXMOX_CLUSTERS_0_NAME=local PROXMOX_CLUSTERS_0_BASE_URL="$SIM_URL" \
  PROXMOX_CLUSTERS_0_API_TOKEN="$SIM_TOKEN"

for entry in "${SERVICES[@]}"; do
  IFS='|' read -r name jar port <<<"$entry"
  SERVER_PORT="$port" java "${JAVA_OPTS[@]}" -jar "$jar" >"$RUN_DIR/$name.log" 2>&1 &
  PIDS+=($!)
  wait_ready "$name" "http://127.0.0.1:$port/actuator/health/readiness" 90
done

echo "proxmox simulator: $SIM_URL"
echo "gateway: http://localhost:$GATEWAY_PORT"
echo "logs: $RUN_DIR/"
echo "ready; Ctrl-C stops everything"
# Any part exiting on its own ends the run (the EXIT trap stops the rest).
wait -n
echo "a part of the suite exited; see $RUN_DIR/" >&2
exit 1
