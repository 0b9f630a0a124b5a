#!/bin/bash
# Docker HEALTHCHECK without curl: one HTTP/1.0 GET over bash's /dev/tcp, healthy when the status is 200.
#   healthcheck.sh [path] (default /health/ready); the port is HEALTHCHECK_PORT, default 8080.
path="${1:-/health/ready}"
port="${HEALTHCHECK_PORT:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3 || exit 1
case "$status" in
  "HTTP/"*" 200 "*) exit 0 ;;
  *) echo "unhealthy: $status" >&2; exit 1 ;;
esac
