#!/usr/bin/env bash
# Clean Pixel Data benchmark (not a test): 512x512 images with and without burned-in text, on one core (taskset -c 0),
# the library in one warm process (the Benchmarks project's `pixels` mode: de-identify with CleanPixelData, write to
# memory) beside a Presidio-style script (tesseract CLI + pydicom), same files, same machine, one run. Prints images per
# second of wall time and per CPU second (the fairer figure on a shared machine; the script's CPU includes its
# tesseract children). Usage: tests/DicomPipeline.Benchmarks/pixels/run.sh [COUNT]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
count="${1:-20}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 tests/DicomPipeline.Benchmarks/pixels/make_images.py "$work/in" "$count"
dotnet build tests/DicomPipeline.Benchmarks -c Release -v q -nologo >/dev/null
bench=tests/DicomPipeline.Benchmarks/bin/Release/net10.0/DicomPipeline.Benchmarks.dll
TIMEFORMAT='%R %U %S'
for kind in text blank; do
  echo "$kind, ours: $(taskset -c 0 dotnet "$bench" pixels --input "$work/in/$kind")"
  # The script as written, and with its tesseract children kept to one OpenMP thread (as the library keeps its engines).
  for limit in "" 1; do
    times=$( { time env ${limit:+OMP_THREAD_LIMIT=$limit} taskset -c 0 /usr/bin/python3 tests/DicomPipeline.Benchmarks/pixels/presidio_style.py "$work/in/$kind" "$work/presidio-$kind" >/dev/null; } 2>&1 | tail -1)
    read -r wall user sys <<<"$times"
    awk -v n="$count" -v w="$wall" -v c="$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" -v k="$kind${limit:+ (OMP_THREAD_LIMIT=1)}" \
      'BEGIN { printf "%s, Presidio-style: %d images in %.2f s (%.2f s CPU): %.2f images/s, %.2f images/s per CPU second\n", k, n, w, c, n / w, n / c }'
  done
done
