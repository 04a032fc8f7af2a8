#!/usr/bin/env bash
# Receiving benchmark (issue 25), not a test: instances per second received by `dicompipeline listen` beside DCMTK's
# storescp, both fed the same files by the same storescu (one association, loopback), one run each.
#   1. storescp writing to a folder                         (the reference)
#   2. listen, de-identification off: receive only (the study is not yet stable when storescu ends)
#   3. listen --anonymize: from storescu's start until the last study's line (stable age 1 s subtracted)
# Usage: tests/DicomPipeline.Benchmarks/listen-vs-storescp.sh [INSTANCES=400] [ROWS=256]
# Needs dcmtk, a built console (dotnet build samples/DicomPipeline.Console -c Release). Say with the figures that the
# machine was shared, when it was.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# DCMTK disables Nagle's algorithm only when TCP_NODELAY is set: without it storescp's responses meet the sender's
# delayed ACK and storescp ran at about half speed here (100 instances: 4.9 s against 2.3-2.8 s). The reference should
# be storescp at its best, and storescu gets the same setting in every run.
export TCP_NODELAY=1
instances=${1:-400}
rows=${2:-256}
cli=${CLI:-samples/DicomPipeline.Console/bin/Release/net10.0/dicompipeline-cli}
[ -x "$cli" ] || cli=samples/DicomPipeline.Console/bin/Debug/net10.0/dicompipeline-cli
work=$(mktemp -d /tmp/dicompipeline-listen-bench.XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

series=$(( (instances + 19) / 20 ))
"$cli" synth -o "$work/corpus" --patients 1 --studies-per-patient 1 --series-per-study "$series" --instances-per-series 20 \
  --rows "$rows" --columns "$rows" >/dev/null
count=$(find "$work/corpus" -type f | wc -l)
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)); }
now() { date +%s.%N; }
rate() { awk -v n="$count" -v s="$1" 'BEGIN { printf "%.1f", n / s }'; }

# 1. storescp
p=$(port); mkdir -p "$work/storescp"
storescp -aet STORESCP -od "$work/storescp" "$p" & pids+=($!); sleep 1
t0=$(now); storescu -aet BENCH -aec STORESCP +sd +r 127.0.0.1 "$p" "$work/corpus"; t1=$(now)
storescp_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')

# 2. listen, receive only
p=$(port)
"$cli" listen --ae-title GATEWAY --port "$p" --spool "$work/spool1" -o "$work/out1" --stable-age 3600 >"$work/listen1.log" 2>&1 & pids+=($!); sleep 3
t0=$(now); storescu -aet BENCH -aec GATEWAY +sd +r 127.0.0.1 "$p" "$work/corpus"; t1=$(now)
listen_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
received=$(find "$work/spool1/studies" -name '*.dcm' | wc -l)

# 3. listen --anonymize, receive + de-identify + store
p=$(port)
DicomPipeline__Anonymization__Secret=benchmark-secret-0123456789abcdef0123456789 \
  "$cli" listen --ae-title GATEWAY --port "$p" --spool "$work/spool2" -o "$work/out2" --stable-age 1 --anonymize >"$work/listen2.log" 2>&1 & pids+=($!); sleep 3
t0=$(now); storescu -aet BENCH -aec GATEWAY +sd +r 127.0.0.1 "$p" "$work/corpus"
until grep -q '^study 1:' "$work/listen2.log"; do sleep 0.05; done; t1=$(now)
deid_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a - 1 }')

echo "corpus: $count instances of ${rows}x${rows} (synth), one storescu association, loopback, $(nproc) cores"
echo "storescp:                 $storescp_s s  $(rate "$storescp_s") inst/s"
echo "listen (receive only):    $listen_s s  $(rate "$listen_s") inst/s  ($received spooled)  ratio $(awk -v a="$storescp_s" -v b="$listen_s" 'BEGIN { printf "%.2f", a / b }')x storescp"
echo "listen --anonymize (end to end, stable age subtracted): $deid_s s  $(rate "$deid_s") inst/s"
grep '^study' "$work/listen2.log" || true
