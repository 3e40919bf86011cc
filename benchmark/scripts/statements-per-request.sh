#!/usr/bin/env bash
# Counts the SQL statements and transactions the server sends to PostgreSQL per API request: a
# measure of work per request that, unlike a throughput, does not depend on what else the machine
# is doing. It starts the server jar on a scratch database with `log_statement = 'all'`, warms it
# up, runs fixed workloads and counts the statements PostgreSQL logged, by kind:
#   - 20 Flow Logs (create, two PATCHes, a completing PATCH), serially, then 64 of them 16 at a time;
#   - issue 16's PATCH alone, serially: 40 `PATCH /v5/flows/logs/{id}` with {"output": "<12 random
#     chars>"} on 20 incomplete logs created beforehand (target: <= 6 statements, 1 transaction);
#   - 5 s without requests: what the server's background work (processors, schedulers) sends anyway.
# Every statement logged for the database in a window counts, also those of asynchronous
# processors; the "net of idle" figure subtracts the idle rate over the same time.
# It works with the yardstick jar too (yardstick/target/yardstick.jar), for comparison.
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
  TRACEVAULT_API_KEY=k YARDSTICK_API_KEY=k SERVER_PORT=$PORT "$JAVA" -Xmx512m -jar "$JAR" > /tmp/$DB.log 2>&1 &
PID=$!
cleanup() { kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; $PSQL -c "drop database if exists $DB"; }
trap cleanup EXIT
for _ in $(seq 1 120); do curl -s -o /dev/null -H 'X-API-KEY: k' "localhost:$PORT/v5/logs/x" && break; sleep 1; done

create() { # prints the id of a new incomplete Flow Log
  curl -s -H 'X-API-KEY: k' -H 'Content-Type: application/json' -X POST "localhost:$PORT/v5/flows/log" \
    -d '{"path":"bench/statements","flow":{"attributes":{"v":1}},"inputs":{"q":"x"},"log_status":"incomplete"}' |
    python3 -c 'import sys, json; print(json.load(sys.stdin)["id"])'
}
trace() {
  local h=(-s -H 'X-API-KEY: k' -H 'Content-Type: application/json')
  local id
  id=$(create)
  curl "${h[@]}" -o /dev/null -X PATCH "localhost:$PORT/v5/flows/logs/$id" -d '{"output":"a"}'
  curl "${h[@]}" -o /dev/null -X PATCH "localhost:$PORT/v5/flows/logs/$id" -d '{"output":"ab"}'
  curl "${h[@]}" -o /dev/null -X PATCH "localhost:$PORT/v5/flows/logs/$id" -d '{"output":"abc","log_status":"complete"}'
}
patch_output() { # $1: log id; issue 16's PATCH, answered 200 or the script fails
  local chars=abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 output= status _
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do output+=${chars:RANDOM%62:1}; done
  status=$(curl -s -o /dev/null -w '%{http_code}' -H 'X-API-KEY: k' -H 'Content-Type: application/json' \
    -X PATCH "localhost:$PORT/v5/flows/logs/$1" -d "{\"output\":\"$output\"}")
  [ "$status" = 200 ] || { echo "PATCH answered $status" >&2; exit 1; }
}
export -f create trace
export PORT

now() { date +%s.%N; }

count() { # $1: title, $2: requests (0: report a rate), $3: first log line, $4: window start time
  sleep 1
  local end elapsed
  end=$(wc -l < "$LOG")
  elapsed=$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$4" "$(now)")
  sed -n "$(($3 + 1)),${end}p" "$LOG" | grep -E "\[[0-9]+\] postgres@$DB LOG:  (statement|execute)" > /tmp/$DB.stmts || true
  echo "## $1"
  python3 - "$2" /tmp/$DB.stmts "$elapsed" "${IDLE_RATE:-}" <<'PY'
import collections, re, sys
requests, path, seconds, idle = int(sys.argv[1]), sys.argv[2], float(sys.argv[3]), sys.argv[4]
kinds = collections.Counter()
for line in open(path):
    sql = re.sub(r".*LOG:  (statement|execute [^:]*):\s*", "", line.strip()) or "(empty query: a pool checking a connection, isValid())"
    sql = re.sub(r"\$\d+|'[^']*'|\b\d+\b", "?", sql)
    kinds[sql[:90]] += 1
total = sum(kinds.values())
if requests == 0:
    rate = total / seconds
    print(f"statements per second: {rate:.2f} ({total} in {seconds:.1f} s; transactions: {kinds['BEGIN'] / seconds:.2f}/s)")
    open(path + ".idle", "w").write(f"{rate}")
    divisor, unit = seconds, "per second"
else:
    print(f"statements per request: {total / requests:.1f} (transactions: {kinds['BEGIN'] / requests:.1f})")
    if idle:
        net = (total - float(idle) * seconds) / requests
        print(f"net of idle ({float(idle):.2f} statements/s over {seconds:.1f} s): {net:.1f} statements per request")
    divisor, unit = requests, "per request"
print(f"| {unit} | statement |")
print("|---|---|")
for sql, n in kinds.most_common(14):
    print(f"| {n / divisor:.2f} | `{sql}` |")
PY
}

measure() { # $1: label, $2: parallelism, $3: traces
  sleep 2
  local start t0
  start=$(wc -l < "$LOG"); t0=$(now)
  seq 1 "$3" | xargs -P "$2" -I{} bash -c trace
  count "$1: $(($3 * 4)) requests ($3 traces, $2 at a time)" $(($3 * 4)) "$start" "$t0"
}

measure_idle() {
  sleep 2
  local start t0
  start=$(wc -l < "$LOG"); t0=$(now)
  sleep 5
  count "idle: 5 s without requests" 0 "$start" "$t0"
  IDLE_RATE=$(cat /tmp/$DB.stmts.idle)
}

measure_patches() { # issue 16's PATCH, serially: $1 logs, $2 PATCHes
  local ids=() start t0 i
  for i in $(seq 1 "$1"); do ids+=("$(create)"); done
  sleep 2
  start=$(wc -l < "$LOG"); t0=$(now)
  for i in $(seq 0 $(($2 - 1))); do patch_output "${ids[$((i % $1))]}"; done
  count "PATCH {\"output\": \"<12 random chars>\"} only, serial: $2 requests on $1 incomplete logs" "$2" "$start" "$t0"
}

for _ in 1 2 3 4 5; do trace; done   # warm-up
IDLE_RATE=
measure_idle
measure "serial" 1 20
measure "16 concurrent clients" 16 64
measure_patches 20 40
