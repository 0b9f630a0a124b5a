#!/usr/bin/env bash
# Renders every kustomization under deploy/ with `kubectl kustomize` and validates the result offline against the
# Kubernetes API schemas (.ci/validate-manifests, npm package kubernetes-models). Needs kubectl (its built-in
# kustomize) and Node.js with npm; says so and exits 0 when either is missing, since the .NET deployment tests still
# check the manifests against the code.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v kubectl >/dev/null || ! command -v npm >/dev/null; then
  echo "manifest schema validation skipped: needs kubectl and npm" >&2
  exit 0
fi

rendered=$(mktemp -d)
trap 'rm -rf "$rendered"' EXIT
for kustomization in $(find deploy -name kustomization.yaml | sort); do
  directory=$(dirname "$kustomization")
  kubectl kustomize "$directory" > "$rendered/$(echo "$directory" | tr / _).yaml"
done

# An install that fails (registry unreachable) is the machine's problem, not the manifests': say so and go on.
if ! npm ci --prefix .ci/validate-manifests --no-audit --no-fund --loglevel=error >&2; then
  echo "manifest schema validation skipped: npm ci failed" >&2
  exit 0
fi
node .ci/validate-manifests/validate.mjs "$rendered"/*.yaml
