#!/usr/bin/env bash
# Runs the whole suite locally on embedded defaults and stays in the foreground.
# Ctrl-C (SIGINT) or SIGTERM stops every part and leaves no process behind.
#
#   ./local-suite.sh             build what is missing, then start
#   ./local-suite.sh --no-build  start from the jars already built
#   ./local-suite.sh --help      the launcher's options (--no-cds, --keep-data, --embedded-db)
#
# Environment: GATEWAY_PORT (8080), SIMULATOR_PORT (8006), JWT_SECRET (a dev default),
# DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD (127.0.0.1/3306/root/empty). See docs/local-run.md.
set -euo pipefail
cd "$(dirname "$0")"

BUILD=1
ARGS=()
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=0 ;;
    *) ARGS+=("$arg") ;;
  esac
done

LAUNCHER=local-suite/target/local-suite.jar
JARS=(
  "$LAUNCHER"
  server-control-service/target/server-control-service-exec.jar
  metrics-collector-service/target/metrics-collector-service-exec.jar
  alerting-service/target/alerting-service-exec.jar
  notification-service/target/notification-service-exec.jar
  gateway-service/target/gateway-service-exec.jar
)
missing=()
for jar in "${JARS[@]}"; do
  [ -f "$jar" ] || missing+=("$jar")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$BUILD" = 0 ]; then
    echo "missing: ${missing[*]}; run without --no-build" >&2
    exit 1
  fi
  echo "building (./mvnw -B -ntp -q -DskipTests package) ..."
  ./mvnw -B -ntp -q -DskipTests package
fi

# The launcher is the foreground process (exec): it receives Ctrl-C/SIGTERM itself and its
# shutdown hook stops the services, Kafka, the database and the simulator.
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -Xmx384m -Xshare:auto \
  -jar "$LAUNCHER" ${ARGS[@]+"${ARGS[@]}"}
