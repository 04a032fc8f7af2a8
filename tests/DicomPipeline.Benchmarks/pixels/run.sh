#!/usr/bin/env bash
# Clean Pixel Data benchmark (not a test): images per second on one core (taskset -c 0), 512x512 images with and
# without burned-in text, our console's `run --option clean-pixel-data` beside a Presidio-style script (tesseract CLI +
# pydicom, same files, same machine, one run). Usage: tests/DicomPipeline.Benchmarks/pixels/run.sh [COUNT]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
count="${1:-20}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 tests/DicomPipeline.Benchmarks/pixels/make_images.py "$work/in" "$count"
dotnet build samples/DicomPipeline.Console -c Release -v q -nologo >/dev/null
cli=samples/DicomPipeline.Console/bin/Release/net10.0/dicompipeline-cli.dll
export DicomPipeline__Anonymization__Secret=pixel-benchmark-secret-9f3c1a7e5b2d4068
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.2f", n / s }'; }
for kind in text blank; do
  start=$(date +%s.%N)
  taskset -c 0 dotnet "$cli" run --input "$work/in/$kind" --anonymize --option clean-pixel-data --output "$work/ours-$kind" >/dev/null
  ours=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
  start=$(date +%s.%N)
  taskset -c 0 /usr/bin/python3 tests/DicomPipeline.Benchmarks/pixels/presidio_style.py "$work/in/$kind" "$work/presidio-$kind"
  theirs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
  echo "$kind: ours $(rate "$count" "$ours") images/s/core, Presidio-style $(rate "$count" "$theirs") images/s/core ($count images, one run)"
done
