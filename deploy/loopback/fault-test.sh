#!/usr/bin/env bash
# The fault test (README: "Running as a cluster"): starts the loopback cluster (cluster.sh) in a
# fresh database and temporary state directory (removed after a pass), runs fault-test.mjs against
# it (steady writes through nginx, kill -9 of one instance, then the checks), and stops and drops
# everything.
# Needs the server jar (mvn -DskipTests package), Java 21+ (JAVA_HOME), nginx, psql, Node.js 20+.
# Exit status 0 when every check passed. Takes about three minutes.
#
# Settings: FAULT_LOAD_SECONDS (60), FAULT_KILL_AFTER (20), FAULT_WORKERS (4), FAULT_RATE (traces
# per second, 6), FAULT_EVALUATION_WAIT (240 s), and cluster.sh's (TRACEVAULT_CLUSTER_PORT, ...).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

command -v node >/dev/null || { echo "fault test: Node.js 20+ is needed" >&2; exit 1; }
own_dir=
if [[ -z ${TRACEVAULT_CLUSTER_DIR:-} ]]; then
  TRACEVAULT_CLUSTER_DIR=$(mktemp -d "${TMPDIR:-/tmp}/tracevault-fault-XXXXXX")
  own_dir=$TRACEVAULT_CLUSTER_DIR
fi
export TRACEVAULT_CLUSTER_DIR
# Short evaluator leases, so a run that the killed instance had claimed is taken over quickly.
export TRACEVAULT_EVALUATORS_RUN_TIMEOUT=${TRACEVAULT_EVALUATORS_RUN_TIMEOUT:-PT15S}
export TRACEVAULT_EVALUATORS_LEASE_MARGIN=${TRACEVAULT_EVALUATORS_LEASE_MARGIN:-PT5S}

status=0
"$HERE/cluster.sh" start >/dev/null || status=$?
if ((status == 0)); then
  node "$HERE/fault-test.mjs" || status=$?
fi
"$HERE/cluster.sh" stop --drop || true
if ((status != 0)); then
  echo "fault test failed; instance logs in $TRACEVAULT_CLUSTER_DIR (errors below)" >&2
  for f in "$TRACEVAULT_CLUSTER_DIR"/*.log "$TRACEVAULT_CLUSTER_DIR"/nginx/logs/error.log; do
    [[ -f $f ]] || continue
    echo "--- $f" >&2
    grep -E ' ERROR |Exception' "$f" | tail -n 15 >&2 || true
  done
elif [[ -n $own_dir ]]; then
  rm -rf "$own_dir"   # logs and the GraalPy cache (about 25 MB)
fi
exit "$status"
