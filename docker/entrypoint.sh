#!/bin/sh
# Starts the role named by the first argument; exec, so the process itself gets SIGTERM and shuts down gracefully.
# Further arguments go to the process (e.g. `worker --Workers:WorkerCount=2`).
set -e
role="${1:-api}"
[ "$#" -gt 0 ] && shift
case "$role" in
  api) exec dotnet /app/api/TrainingService.Api.dll "$@" ;;
  worker) exec dotnet /app/worker/TrainingService.Worker.dll "$@" ;;
  *) echo "usage: api | worker [arguments]" >&2; exit 64 ;;
esac
