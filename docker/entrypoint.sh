#!/bin/sh
# Starts the role named by the first argument; exec so the process gets SIGTERM directly.
set -e
case "${1:-api}" in
  api) exec dotnet /app/api/TrainingService.Api.dll ;;
  worker) exec dotnet /app/worker/TrainingService.Worker.dll ;;
  *) echo "usage: api | worker" >&2; exit 64 ;;
esac
