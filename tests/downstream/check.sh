#!/usr/bin/env bash
# Typing tests: what a downstream user's type checkers see.
#
# 1. tests/typing: assert_type on the public API, checked by mypy and pyright (strict). Lines
#    that must fail carry `# type: ignore[code]  # pyright: ignore[rule]`; unneeded ignores are
#    errors, so a line that stops failing fails this check.
# 2. tests/downstream/sdk_example: a small SDK type-checked strict by both checkers against the
#    *installed* ctxcore (a wheel of this checkout in a site directory of its own, not src/).
# 3. pyright --verifytypes on that installed copy: the public types are 100% complete.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
python="$(command -v python)"
: "${UV:?set UV to the uv that make bootstraps (make typing does)}"

echo "== typing tests (mypy, pyright)"
mypy tests/typing
pyright tests/typing

echo "== downstream package against the installed wheel"
build="$root/build/downstream"
rm -rf "$build"
mkdir -p "$build"
# Built and installed with the project's uv; ctxcore's dependencies at the versions uv.lock pins.
"$UV" build --quiet --wheel --out-dir "$build/wheel"
"$UV" export --quiet --frozen --no-dev --all-extras --no-emit-project --no-hashes \
  --output-file "$build/constraints.txt"
"$UV" venv --quiet --python "$python" "$build/venv"
wheel="$(ls "$build"/wheel/ctxcore-*.whl)"
"$UV" pip install --quiet --python "$build/venv/bin/python" --constraints "$build/constraints.txt" \
  "ctxcore[testing] @ file://$wheel"
site="$("$build/venv/bin/python" -c 'import ctxcore, os; print(os.path.dirname(ctxcore.__file__))')"
case "$site" in
  "$build/venv/"*) ;;
  *) echo "the downstream venv imports ctxcore from $site, not from the wheel"; exit 1 ;;
esac
test -f "$site/py.typed" || { echo "py.typed is missing from the wheel"; exit 1; }
cp -r tests/downstream/sdk_example tests/downstream/mypy.ini "$build/"
cat > "$build/pyrightconfig.json" <<'JSON'
{
  "include": ["sdk_example"],
  "typeCheckingMode": "strict",
  "pythonVersion": "3.10",
  "enableTypeIgnoreComments": false,
  "reportUnnecessaryTypeIgnoreComment": "error",
  "reportMissingModuleSource": "none"
}
JSON
cd "$build"
mypy --python-executable "$build/venv/bin/python" --config-file mypy.ini sdk_example
pyright -p pyrightconfig.json --pythonpath "$build/venv/bin/python"

echo "== pyright --verifytypes ctxcore (the installed copy)"
# --verifytypes resolves the package with the `python` on PATH (not --pythonpath): put the
# downstream venv first so that the installed copy is what is measured.
report="$(PATH="$build/venv/bin:$PATH" "$(command -v pyright)" --verifytypes ctxcore \
  --ignoreexternal || true)"
echo "$report" | grep -q "Package directory: \"$build/venv/" || {
  echo "verifytypes did not measure the installed copy"
  echo "$report" | head -n 5
  exit 1
}
echo "$report" | grep -E "error:|Type completeness score" || true
echo "$report" | grep -q "Type completeness score: 100%" || {
  echo "verifytypes: the public types of ctxcore are not complete"
  exit 1
}
