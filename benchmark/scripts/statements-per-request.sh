#!/usr/bin/env bash
# Counts the SQL statements and transactions the server sends to PostgreSQL per API request: a
# measure of work per request that, unlike a throughput, does not depend on what else the machine
# is doing. It starts the server jar on a scratch database with `log_statement = 'all'`, warms it
# up, runs a fixed workload (20 Flow Logs: create, two PATCHes, a completing PATCH; serially and
# then 16 at a time) and counts the statements PostgreSQL logged, by kind.
#
# usage: benchmark/scripts/statements-per-request.sh [SERVER_JAR] [PORT]
# needs: PostgreSQL on 127.0.0.1:5432 (user postgres, trust), logging to
#        /var/log/postgresql/postgresql-*-main.log (Debian's default), curl, python3.
set -euo pipefail
JAR=${1:-server/target/tracevault.jar}
PORT=${2:-18990}
DB=tv_statements_$$
LOG=$(ls /var/log/postgresql/postgresql-*-main.log | head -1)
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
PSQL="psql -h 127.0.0.1 -U postgres -Atq"

$PSQL -c "create database $DB" -c "alter database $DB set log_statement = 'all'"
SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:5432/$DB SPRING_DATASOURCE_USERNAME=postgres \
  TRACEVAULT_API_KEY=k SERVER_PORT=$PORT "$JAVA" -Xmx512m -jar "$JAR" > /tmp/$DB.log 2>&1 &
PID=$!
cleanup() { kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; $PSQL -c "drop database if exists $DB"; }
trap cleanup EXIT
for _ in $(seq 1 120); do curl -s -o /dev/null -H 'X-API-KEY: k' "localhost:$PORT/v5/logs/x" && break; sleep 1; done

trace() {
  local h=(-s -H 'X-API-KEY: k' -H 'Content-Type: application/json')
  local id
  id=$(curl "${h[@]}" -X POST "localhost:$PORT/v5/flows/log" \
    -d '{"path":"bench/statements","flow":{"attributes":{"v":1}},"inputs":{"q":"x"},"log_status":"incomplete"}' |
    python3 -c 'import sys, json; print(json.load(sys.stdin)["id"])')
  curl "${h[@]}" -o /dev/null -X PATCH "localhost:$PORT/v5/flows/logs/$id" -d '{"output":"a"}'
  curl "${h[@]}" -o /dev/null -X PATCH "localhost:$PORT/v5/flows/logs/$id" -d '{"output":"ab"}'
  curl "${h[@]}" -o /dev/null -X PATCH "localhost:$PORT/v5/flows/logs/$id" -d '{"output":"abc","log_status":"complete"}'
}
export -f trace
export PORT

measure() { # $1: label, $2: parallelism, $3: traces
  sleep 2
  local start end
  start=$(wc -l < "$LOG")
  seq 1 "$3" | xargs -P "$2" -I{} bash -c trace
  sleep 1
  end=$(wc -l < "$LOG")
  sed -n "$((start + 1)),${end}p" "$LOG" | grep -E "\[[0-9]+\] postgres@$DB LOG:  (statement|execute)" > /tmp/$DB.stmts || true
  local requests=$(( $3 * 4 ))
  echo "## $1: $requests requests ($3 traces, $2 at a time)"
  python3 - "$requests" /tmp/$DB.stmts <<'PY'
import collections, re, sys
requests = int(sys.argv[1])
kinds = collections.Counter()
for line in open(sys.argv[2]):
    sql = re.sub(r".*LOG:  (statement|execute [^:]*): ", "", line.strip())
    sql = re.sub(r"\$\d+|'[^']*'|\b\d+\b", "?", sql)
    kinds[sql[:90]] += 1
total = sum(kinds.values())
print(f"statements per request: {total / requests:.1f} (transactions: {kinds['BEGIN'] / requests:.1f})")
print("| per request | statement |")
print("|---|---|")
for sql, n in kinds.most_common(14):
    print(f"| {n / requests:.2f} | `{sql}` |")
PY
}
for _ in 1 2 3 4 5; do trace; done   # warm-up
measure "serial" 1 20
measure "16 concurrent clients" 16 64
