#!/usr/bin/env bash
# Sending, ours by Orthanc's REST API against ours by STOW-RS to Orthanc's DICOMweb plugin, in one run on one corpus.
#
#   tests/DicomPipeline.Benchmarks/send.sh [--files N] [--size N] [--repeat N] [--stow-parallelism N] [--work DIR] [--no-build]
#
# Synthesizes --files CT files (default 2,000 of 512x512, seed 42: the corpus of docs/destinations.md), then, --repeat
# times (default 3) and alternately, sends them all to a fresh local Orthanc (DICOMweb plugin loaded, 127.0.0.1, storage
# under --work) with `DicomPipeline.Benchmarks.dll send`, called as the pipeline's send stage calls a destination
# (batches of 16, two at once): `orthanc+http://` with 4 uploads at a time (what `--orthanc` does), and
# `dicomweb+http://` with the destination's defaults (or --stow-parallelism). Checks that Orthanc holds every instance,
# prints each time, the medians and the ratio REST time / STOW time (above 1: STOW-RS is faster). Writes nothing else.
set -euo pipefail
shopt -s inherit_errexit

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
files=2000
size=512
repeat=3
stow_parallelism=""
work_root=${TMPDIR:-/tmp}
build=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --files) files=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --stow-parallelism) stow_parallelism=$2; shift 2 ;;
    --work) work_root=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "send.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
plugin=/usr/share/orthanc/plugins/libOrthancDicomWeb.so
for need in /usr/sbin/Orthanc "$plugin" curl /usr/bin/python3; do
  [[ -e "$need" ]] || command -v "$need" >/dev/null 2>&1 || { echo "send.sh: missing $need (apt-get install orthanc orthanc-dicomweb curl python3)" >&2; exit 3; }
done

work=$(mktemp -d "$work_root/dicompipeline-send.XXXXXX")
orthanc_pid=""
cleanup() {
  if [[ -n "$orthanc_pid" ]]; then kill "$orthanc_pid" 2>/dev/null || true; wait "$orthanc_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
say() { echo "[$(date +%H:%M:%S)] $*" >&2; }
fail() { echo "send.sh: FAILED: $*" >&2; exit 1; }

bench="$here/bin/Release/net10.0/DicomPipeline.Benchmarks.dll"
cli="$repo/samples/DicomPipeline.Console/bin/Release/net10.0/dicompipeline-cli.dll"
if [[ $build -eq 1 ]]; then
  say "Building the console and the benchmark program (Release) ..."
  dotnet build -c Release "$here" >"$work/build-bench.txt" 2>&1 || { tail -20 "$work/build-bench.txt" >&2; fail "build of the benchmarks"; }
  dotnet build -c Release "$repo/samples/DicomPipeline.Console" >"$work/build-console.txt" 2>&1 || { tail -20 "$work/build-console.txt" >&2; fail "build of the console"; }
fi

patients=$(( files / 40 > 0 ? files / 40 : 1 ))
per_series=$(( (files + patients * 2 - 1) / (patients * 2) ))
say "Synthesizing $((patients * 2 * per_series)) files of ${size}x${size} ..."
dotnet "$cli" synth --out "$work/corpus" --patients "$patients" --instances-per-series "$per_series" --rows "$size" --columns "$size" --seed 42 >/dev/null
count=$(find "$work/corpus" -type f -name '*.dcm' | wc -l)

# shellcheck source=local-orthanc.sh
source "$here/local-orthanc.sh"
time_send() { # NAME URI [ARGS...] -> seconds on stdout
  local name=$1 uri=$2 line; shift 2
  find "$work/corpus" -type f -name '*.dcm' -print0 | xargs -0 cat >/dev/null
  start_local_orthanc "$work/orthanc" dicompipeline-send-benchmark "$plugin"
  line=$(dotnet "$bench" send "$work/corpus" "${uri//PORT/${orthanc_url##*:}}" "$@") || fail "$name: $line"
  stop_local_orthanc "$work/orthanc" "$count" "$name"
  echo "${line#* }"
}

rest=(); stow=()
stow_args=(); [[ -n "$stow_parallelism" ]] && stow_args=(--parallelism "$stow_parallelism")
say "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$repeat"); do
  rest+=("$(time_send rest 'orthanc+http://127.0.0.1:PORT' --parallelism 4)")
  stow+=("$(time_send stow 'dicomweb+http://127.0.0.1:PORT/dicom-web' "${stow_args[@]}")")
  say "run $i: REST ${rest[-1]} s, STOW-RS ${stow[-1]} s"
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
r=$(median "${rest[@]}"); s=$(median "${stow[@]}")
echo "$count files, $(du -sh "$work/corpus" | cut -f1); load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "REST (orthanc+http, 4 at a time): ${rest[*]} s, median $r s"
echo "STOW-RS (dicomweb+http${stow_parallelism:+, parallelism $stow_parallelism}): ${stow[*]} s, median $s s"
awk -v r="$r" -v s="$s" 'BEGIN { printf "STOW-RS speed / REST speed: %.2fx\n", r / s }'
