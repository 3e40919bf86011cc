#!/usr/bin/env bash
# The image's health check: GET /actuator/health/readiness on this container's port answers 200.
# Plain bash (/dev/tcp), so the image needs no curl or wget.
set -euo pipefail
path=${1:-/actuator/health/readiness}
exec 3<>"/dev/tcp/127.0.0.1/${SERVER_PORT:-8080}"
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$path" >&3
IFS=' ' read -r -t 4 _ status _ <&3
[[ $status == 200 ]]
