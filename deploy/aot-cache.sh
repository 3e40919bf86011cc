#!/usr/bin/env bash
# Prepares the server for a fast start: the jar in extracted form plus a JVM AOT cache (Java 25+,
# JEP 483/514) recorded by a training run that starts the application context on an empty
# embedded database and exits once it is refreshed (Spring's spring.context.exit=onRefresh).
#
#   deploy/aot-cache.sh server/target/tracevault.jar DEST
#   java -XX:AOTCache=DEST/app.aot -jar DEST/tracevault.jar          # then start it like this
#
# The cache fits one jar and one JDK: build it again after either changes. A JVM that cannot use
# it (another JDK, another garbage collector) says so in one warning line and starts without it.
# The Dockerfile runs this at image build; the benchmark runs it to time the start with the cache.
set -euo pipefail
jar=${1:?usage: aot-cache.sh JAR DEST}
dest=${2:?usage: aot-cache.sh JAR DEST}
java=${JAVA:-java}
[[ -f $jar ]] || { echo "no jar at $jar" >&2; exit 1; }

rm -rf "$dest"
"$java" -Djarmode=tools -jar "$jar" extract --destination "$dest"
# the extracted jar keeps the source's name; its libraries are found through lib/ whatever it is called
name=$(basename "$jar")
[[ $name == tracevault.jar ]] || mv "$dest/$name" "$dest/tracevault.jar"
training=$(mktemp -d)
trap 'rm -rf "$training"' EXIT
# The training run: a scratch H2 database, no API key printed anywhere that matters, no port.
(cd "$dest" && env -u SPRING_DATASOURCE_URL -u SPRING_DATASOURCE_USERNAME -u SPRING_DATASOURCE_PASSWORD \
    TRACEVAULT_DATA_DIR="$training" TRACEVAULT_API_KEY=aot-training SERVER_PORT=0 \
    "$java" -XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh -jar tracevault.jar \
    >"$training/training.log" 2>&1) || { cat "$training/training.log" >&2; exit 1; }
[[ -s $dest/app.aot ]] || { echo "the training run wrote no AOT cache" >&2; tail -20 "$training/training.log" >&2; exit 1; }
echo "AOT cache: $dest/app.aot ($(du -h "$dest/app.aot" | cut -f1)); start with: java -XX:AOTCache=$dest/app.aot -jar $dest/tracevault.jar"
