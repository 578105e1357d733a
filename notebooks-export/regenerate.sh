#!/usr/bin/env bash
# Regenerates the committed report of the default run: the seed notebook's analysis (data before and
# after thresholding, the best point's training log, learning curves, similar models) rendered from
# the outputs of `all` on the embedded default (synthetic Sketchfab-shaped likes, local mode).
#   notebooks-export/regenerate.sh [OUTPUT_PATH]     (default out/notebook-run)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-out/notebook-run}"
"$here/../submit/local.sh" all --set output.path="$out" --set output.overwrite=true
cp "$out/report/index.html" "$out/report/index.md" "$here/"
echo "notebooks-export: report of $out copied to $here"
