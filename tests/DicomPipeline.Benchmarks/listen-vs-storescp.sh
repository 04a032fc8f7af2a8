#!/usr/bin/env bash
# Receiving benchmark (issue 25), not a test: instances per second received by `dicompipeline listen` beside DCMTK's
# storescp, both fed the same files by the same storescu over loopback. Each measurement starts its receiver afresh
# (ready when it answers echoscu), times the sender(s), checks every instance arrived, stops the receiver and deletes
# what it wrote. Modes, run in every round in a rotating order, medians reported:
#   storescp      storescp -od OUT                          one storescu association with every file (+sd +r DIR)
#   listen        listen, de-identification off              the same; the sender's time (the study is not yet stable)
#   listen-deid   listen --anonymize --stable-age 1          receive time, and end to end: until every study's line,
#                                                            the 1 s stable age subtracted (received, de-identified, stored)
#   storescp-b / listen-b                                    the same files as storescu runs of BATCH files each, one
#                                                            after another (a study at a time, as people script it)
#   listen-aot    (only with AOT=path/to/native/dicompipeline) the AOT build, de-identification off, one association
#   listen-old    (only with OLD=path/to/another/dicompipeline-cli) an older build, to compare a change, the same way
#   listen-nofsync (ask for it in MODES) listen with fsync and fdatasync made no-ops by an LD_PRELOAD shim built here
#                 with cc: what the spool's durability costs (storescp does not fsync by default). There is no option
#                 to turn it off, on purpose; this is a measurement only
# Usage: listen-vs-storescp.sh CORPUS_DIR [ROUNDS=5] [BATCH=50]
#   CORPUS_DIR: e.g. 600 vendor files on tmpfs, made with
#     dotnet tests/DicomPipeline.Benchmarks/bin/Release/net10.0/DicomPipeline.Benchmarks.dll corpus-from \
#       --template PYDICOM_TEST_FILES/CT_small.dcm --template PYDICOM_TEST_FILES/MR_small.dcm --out /dev/shm/corpus --files 600 --size 512
#   OUT (env): where receivers write, /dev/shm/listen-bench.PID by default (tmpfs: fsync costs nothing there, see the
#     docs); CLI (env): the console, the Release build by default. MODES (env): a subset, e.g. "storescp listen".
# Needs dcmtk. Say with the figures that the machine was shared, when it was.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
corpus=${1:?usage: listen-vs-storescp.sh CORPUS_DIR [ROUNDS] [BATCH]}
rounds=${2:-5}
batch=${3:-50}
# DCMTK disables Nagle's algorithm only when TCP_NODELAY is set: without it storescp's responses meet the sender's
# delayed ACK and storescp runs at about half speed. The reference is storescp at its best; storescu gets it in every run.
export TCP_NODELAY=1
cli=${CLI:-samples/DicomPipeline.Console/bin/Release/net10.0/dicompipeline-cli}
aot=${AOT:-}
old=${OLD:-}
out=${OUT:-/dev/shm/listen-bench.$$}
modes=${MODES:-storescp listen listen-deid storescp-b listen-b${aot:+ listen-aot}${old:+ listen-old}}
export DicomPipeline__Anonymization__Secret=benchmark-secret-0123456789abcdef0123456789
mkdir -p "$out"
results=$out.results
: >"$results"
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$out" "$results" "$out.nofsync.so"; }
trap cleanup EXIT

count=$(find "$corpus" -type f | wc -l)
studies=$(/usr/bin/python3 - "$corpus" <<'EOF'
import os, sys, pydicom
uids = set()
for root, _, files in os.walk(sys.argv[1]):
    for name in files:
        uids.add(pydicom.dcmread(os.path.join(root, name), stop_before_pixels=True, specific_tags=["StudyInstanceUID"]).StudyInstanceUID)
print(len(uids))
EOF
)
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
ready() { for _ in $(seq 200); do echoscu -aet BENCH -aec "$1" 127.0.0.1 "$2" 2>/dev/null && return 0; sleep 0.05; done; echo "receiver on $2 never answered" >&2; exit 1; }
# CPU seconds (user + system, every thread) the receiver has used so far: less disturbed by a shared machine than wall time
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$server/stat"; }
stop() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=; }
# send AE PORT WAY: WAY -b: BATCH files per association in turn (sorted, so a study at a time); else one association with every file
send() {
  if [ "$3" != -b ]; then storescu -aet BENCH -aec "$1" +sd +r 127.0.0.1 "$2" "$corpus"
  else find "$corpus" -type f | sort | xargs -n "$batch" storescu -aet BENCH -aec "$1" 127.0.0.1 "$2"; fi
}
record() {
  echo "$1 $2 ${3:-0}" >>"$results"
  printf '  %-18s %7.2f s  %6.1f inst/s  receiver CPU %6.2f s\n' "$1" "$2" "$(awk -v n="$count" -v s="$2" 'BEGIN { print n / s }')" "${3:-0}"
}
elapsed() { awk -v a="$1" -v b="$2" -v c="${3:-0}" 'BEGIN { print b - a - c }'; }

measure() {
  local mode=$1 p dir t0 t1 t2 got c0 c1
  p=$(port); dir=$out/$mode; mkdir -p "$dir"
  case $mode in
    storescp|storescp-b) storescp -aet STORESCP -od "$dir" "$p" & server=$!; ready STORESCP "$p"
      c0=$(cpu); t0=$(now); send STORESCP "$p" "${mode: -2}"; t1=$(now); c1=$(cpu); got=$(find "$dir" -type f | wc -l) ;;
    listen|listen-b|listen-aot|listen-old|listen-nofsync)
      local bin=$cli preload=; [ "$mode" = listen-aot ] && bin=$aot; [ "$mode" = listen-old ] && bin=$old
      if [ "$mode" = listen-nofsync ]; then
        preload=$out.nofsync.so
        [ -f "$preload" ] || printf 'int fsync(int fd) { (void)fd; return 0; }\nint fdatasync(int fd) { (void)fd; return 0; }\n' | cc -shared -fPIC -x c -o "$preload" -
      fi
      LD_PRELOAD=$preload "$bin" listen --ae-title GATEWAY --port "$p" --spool "$dir/spool" -o "$dir/out" --stable-age 3600 >"$dir.log" 2>&1 & server=$!
      ready GATEWAY "$p"
      c0=$(cpu); t0=$(now); send GATEWAY "$p" "${mode: -2}"; t1=$(now); c1=$(cpu); got=$(find "$dir/spool/studies" -name '*.dcm' | wc -l) ;;
    listen-deid)
      "$cli" listen --ae-title GATEWAY --port "$p" --spool "$dir/spool" -o "$dir/out" --stable-age 1 --anonymize >"$dir.log" 2>&1 & server=$!
      ready GATEWAY "$p"
      c0=$(cpu); t0=$(now); send GATEWAY "$p" one; t1=$(now); c1=$(cpu)
      until [ "$(grep -c '^study ' "$dir.log")" -ge "$studies" ]; do sleep 0.02; done; t2=$(now)
      got=$(grep '^study ' "$dir.log" | sed -E 's/.*received, ([0-9]+) stored.*/\1/' | awk '{ n += $1 } END { print n }')
      record listen-deid-e2e "$(elapsed "$t0" "$t2" 1)" "$(elapsed "$c0" "$(cpu)")" ;;
  esac
  stop
  [ "$got" -eq "$count" ] || { echo "$mode: $got of $count instances arrived" >&2; exit 1; }
  case $mode in listen-deid) mode=listen-deid-rx ;; *-b) mode=${mode%-b}-batch$batch ;; esac
  record "$mode" "$(elapsed "$t0" "$t1")" "$(elapsed "$c0" "$c1")"
  rm -rf "$dir" "$dir.log"
}

echo "corpus: $count instances in $studies studies ($corpus), loopback, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
read -ra list <<<"$modes"
for ((r = 0; r < rounds; r++)); do
  echo "round $((r + 1))"
  for ((i = 0; i < ${#list[@]}; i++)); do measure "${list[(i + r) % ${#list[@]}]}"; done
done

echo "medians over $rounds rounds (load now $(cut -d' ' -f1-3 /proc/loadavg)):"
median() { { grep "^$1 " "$results" || true; } | cut -d' ' -f"${2:-2}" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ref_one=$(median storescp); ref_batch=$(median storescp-batch$batch)
for name in $(cut -d' ' -f1 "$results" | sort -u); do
  m=$(median "$name"); ref=$ref_one; [[ $name == *-batch* ]] && ref=$ref_batch
  printf '%-20s %7.2f s  %6.1f inst/s  %5.2fx storescp   receiver CPU %6.2f s\n' "$name" "$m" "$(awk -v n="$count" -v s="$m" 'BEGIN { print n / s }')" "$(awk -v a="$ref" -v b="$m" 'BEGIN { print a / b }')" "$(median "$name" 3)"
done
