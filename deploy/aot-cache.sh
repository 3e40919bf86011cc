#!/usr/bin/env bash
# Prepares the server for a fast start: the jar in extracted form plus a JVM AOT cache (Java 25+,
# JEP 483/514) recorded by a training run that starts the application context on an empty
# embedded database and exits once it is refreshed (Spring's spring.context.exit=onRefresh).
#
#   deploy/aot-cache.sh server/target/tracevault.jar DEST
#   java -XX:AOTCache=DEST/app.aot -jar DEST/tracevault.jar     # then start it like this
#
# The cache records the jar and its libraries by absolute path, size and time: start the jar at
# DEST, and prepare again after a rebuild or with another JDK. A JVM that cannot use the cache
# says so in a few lines on stderr and starts without it. DEST keeps anything else it holds
# (only tracevault.jar, lib/ and app.aot are replaced). The Dockerfile runs this at image build;
# the benchmark runs it to time a cold start with the cache.
set -euo pipefail
jar=${1:?usage: aot-cache.sh JAR DEST}
dest=${2:?usage: aot-cache.sh JAR DEST}
java=${JAVA:-java}
[[ -f $jar ]] || { echo "no jar at $jar" >&2; exit 1; }
jar=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)

rm -rf "$dest/lib" "$dest/tracevault.jar" "$dest/app.aot"
"$java" -Djarmode=tools -jar "$jar" extract --destination "$dest" --application-filename tracevault.jar --force \
    >/dev/null

training=$(mktemp -d)
trap 'rm -rf "$training"' EXIT
# The training run: a scratch H2 database in a scratch directory, a throwaway key, any free port.
(cd "$training" && env -u SPRING_DATASOURCE_URL -u SPRING_DATASOURCE_USERNAME -u SPRING_DATASOURCE_PASSWORD \
    -u JAVA_TOOL_OPTIONS -u JDK_JAVA_OPTIONS \
    TRACEVAULT_DATA_DIR="$training/data" TRACEVAULT_API_KEY=aot-training SERVER_PORT=0 \
    "$java" -XX:AOTCacheOutput="$dest/app.aot" -Dspring.context.exit=onRefresh -jar "$dest/tracevault.jar" \
    >"$training/training.log" 2>&1) || { tail -40 "$training/training.log" >&2; exit 1; }
[[ -s $dest/app.aot ]] || { echo "the training run wrote no AOT cache" >&2; tail -20 "$training/training.log" >&2; exit 1; }
echo "AOT cache: $dest/app.aot ($(du -h "$dest/app.aot" | cut -f1)); start with: java -XX:AOTCache=$dest/app.aot -jar $dest/tracevault.jar"
