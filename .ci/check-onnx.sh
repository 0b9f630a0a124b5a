#!/usr/bin/env bash
# Runs the ONNX project's own checker (Debian's python3-onnx: onnx.checker.check_model with full_check, which adds
# strict shape and type inference) on every model the tests exported into $1 (they write there when
# TRAININGSERVICE_ONNX_CHECK_DIR is set). Where Debian has no python3-onnx, says so and passes: ONNX Runtime in the
# tests still loads and runs every exported model.
set -euo pipefail
dir="$1"
# Debian's interpreter, where python3-onnx installs (the python3 first on PATH may be another one).
PY=/usr/bin/python3

if ! "$PY" -c "import onnx" 2>/dev/null; then
  echo "installing python3-onnx from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq python3-onnx; } >&2 || ! "$PY" -c "import onnx" 2>/dev/null; then
    echo "python3-onnx is not available here: the ONNX checker step is skipped" >&2
    exit 0
  fi
fi

"$PY" - "$dir" <<'PYTHON'
import pathlib, sys
import onnx

files = sorted(pathlib.Path(sys.argv[1]).glob("*.onnx"))
if not files:
    sys.exit(f"no exported ONNX models in {sys.argv[1]}: the export tests did not run or did not write them")
failed = 0
for path in files:
    try:
        model = onnx.load(str(path))
        onnx.checker.check_model(model, full_check=True)
    except Exception as error:  # report every failing file, not only the first
        failed += 1
        print(f"FAIL {path.name}: {error}")
print(f"onnx {onnx.__version__} checker: {len(files) - failed} of {len(files)} exported models valid")
sys.exit(1 if failed else 0)
PYTHON
