#!/usr/bin/env bash
# De-identification and upload, ours against the tools people would use instead, in one run on one corpus.
#
#   tests/DicomPipeline.Benchmarks/run.sh [--corpus vendor|vendor-ct|synth|DIR] [--files N] [--size N] [--repeat N]
#                                         [--work DIR] [--corpus-work DIR] [--report FILE | --no-report] [--no-build]
#                                         [--keep] [--r2r]
#
# The corpus (default "vendor"): built from real vendor files, pydicom's GE CT_small.dcm and MR_small.dcm and nibabel's
# Philips enhanced MR philips_mprage.dcm (176 frames, from Debian's python3-nibabel by tests/real-files/fetch.sh; any
# extra templates in $VENDOR_TEMPLATES), replicated to --files files with new identities and UIDs, the single-frame
# ones tiled to --size square (default 2,000 files of 512x512; an enhanced series is one file, as it is from a
# scanner, so about 1 file in 100 is the 23 MB multi-frame one); "synth", our own synthesized CT
# corpus of the same count and size; "vendor-ct", GE CT files only (CT_small.dcm tiled, the kind of corpus issue 28's
# figures were measured on); or any folder of DICOM files, used as it is.
# Times, on that corpus and in this order:
#   cp -r (the I/O limit); dicompipeline `run --anonymize` (all cores, then pinned to one core); pydicom_anonymize.py;
#   DCMTK dcmodify on a copy (one process, then one per core); GDCM gdcmanon -e (one process, then one per core);
#   upload of our output to a fresh local Orthanc: the library's IOrthancClient (4 at a time) vs a sequential curl loop.
# Outputs go to --work (default /dev/shm when it exists: tmpfs, so disk writeback does not swing the ratios); the corpus
# is read into the page cache before each contender. --corpus-work builds the corpus on another file system (a disk
# folder, say, with outputs on tmpfs: where the kernel cannot copy_file_range between the two and cp copies through user
# space). Each contender runs --repeat times (default 3); the table keeps the
# median and shows the fastest and slowest. Every output is checked with dcmdump (no original PatientName, PatientID or
# SOP Instance UID left at the top level, every file there, every instance stored in Orthanc); a contender that did
# nothing fails the run. Prints the table and writes it into docs/performance.md between the comparison-benchmark
# markers. Installs nothing: it lists what is missing and stops.
set -euo pipefail
shopt -s inherit_errexit

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
files=2000
size=512
corpus_kind=vendor
work_root=$([[ -d /dev/shm && -w /dev/shm ]] && echo /dev/shm || echo "${TMPDIR:-/tmp}")
corpus_root=""
repeat=3
report="$repo/docs/performance.md"
build=1
keep=0
aot=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --corpus) corpus_kind=$2; shift 2 ;;
    --work) work_root=$2; shift 2 ;;
    --corpus-work) corpus_root=$2; shift 2 ;;
    --files) files=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --report) report=$2; shift 2 ;;
    --no-report) report=""; shift ;;
    --no-build) build=0; shift ;;
    --r2r) aot=0; shift ;;
    --keep) keep=1; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

# --- What is needed, and which Debian package brings it --------------------------------------------------------------
missing=()
need() { command -v "$1" >/dev/null 2>&1 || missing+=("$1 (apt-get install $2)"); }
need dotnet "the .NET 10 SDK"
need /usr/bin/python3 python3
need dcmodify dcmtk
need dcmdump dcmtk
need gdcmanon libgdcm-tools
need /usr/sbin/Orthanc orthanc
need curl curl
need /usr/bin/time time
need openssl openssl
need taskset util-linux
if command -v /usr/bin/python3 >/dev/null 2>&1 && ! /usr/bin/python3 -c 'import pydicom' 2>/dev/null; then
  missing+=("pydicom for /usr/bin/python3 (apt-get install python3-pydicom)")
fi
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "run.sh: missing, install first:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  exit 3
fi

nproc=$(nproc)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
work=$(mktemp -d "$work_root/dicompipeline-compare.XXXXXX")
corpus_work=$work
[[ -z "$corpus_root" ]] || corpus_work=$(mktemp -d "$corpus_root/dicompipeline-corpus.XXXXXX")
orthanc_pid=""
cleanup() {
  if [[ -n "$orthanc_pid" ]]; then kill "$orthanc_pid" 2>/dev/null || true; wait "$orthanc_pid" 2>/dev/null || true; fi
  if [[ $keep -eq 0 ]]; then rm -rf "$work"; [[ "$corpus_work" == "$work" ]] || rm -rf "$corpus_work"; else echo "Kept $work $corpus_work" >&2; fi
}
trap cleanup EXIT
mkdir -p "$work/log"
say() { echo "[$(date +%H:%M:%S)] $*" >&2; }
fail() { echo "run.sh: FAILED: $*" >&2; exit 1; }

# --- Build ours (Release) ----------------------------------------------------------------------------------------------
# Ours is timed as it would be deployed: compiled ahead of time (Native AOT: no JIT, a start-up of a few milliseconds)
# when a C toolchain is there to link it (gcc or clang), else published ReadyToRun. --r2r forces the latter.
bench="$here/bin/Release/net10.0/DicomPipeline.Benchmarks.dll"
if [[ $aot -eq 1 ]] && ! command -v gcc >/dev/null 2>&1 && ! command -v clang >/dev/null 2>&1; then
  aot=0
fi
if [[ $aot -eq 1 ]]; then
  # The tool as users install it: deploy/pack-tool.sh's packages, `dotnet tool install`ed from that folder alone.
  cli_bin="$repo/artifacts/bench-tool/dicompipeline"
  ours_build="Native AOT, the installed tool"
else
  cli_bin="$repo/artifacts/bench-console/dicompipeline-cli"
  ours_build="ReadyToRun"
fi
if [[ $build -eq 1 ]]; then
  say "Building the console ($ours_build) and the benchmark program (Release) ..."
  if [[ $aot -eq 1 ]]; then
    rm -rf "$repo/artifacts/bench-nupkg" "$repo/artifacts/bench-tool" "$repo/artifacts/bench-packages"
    printf '<configuration><packageSources><clear /><add key="local" value="%s" /></packageSources></configuration>\n' \
      "$repo/artifacts/bench-nupkg" >"$work/bench-nuget.config"
    { bash "$repo/deploy/pack-tool.sh" --output "$repo/artifacts/bench-nupkg" \
        && NUGET_PACKAGES="$repo/artifacts/bench-packages" dotnet tool install --tool-path "$repo/artifacts/bench-tool" \
             --configfile "$work/bench-nuget.config" DicomPipeline.Console; } >"$work/log/build-console.txt" 2>&1 \
      || { tail -20 "$work/log/build-console.txt" >&2; fail "build of the console"; }
  else
    dotnet publish -c Release -r linux-x64 --self-contained false -p:PublishAot=false -p:PublishReadyToRun=true -o "$repo/artifacts/bench-console" \
      "$repo/samples/DicomPipeline.Console" >"$work/log/build-console.txt" 2>&1 || { tail -20 "$work/log/build-console.txt" >&2; fail "build of the console"; }
  fi
  dotnet build -c Release "$here" >"$work/log/build-bench.txt" 2>&1 || { tail -20 "$work/log/build-bench.txt" >&2; fail "build of the benchmarks"; }
fi
ours() { "$cli_bin" "$@"; }
[[ -x "$cli_bin" && -f "$bench" ]] || fail "Release builds not found (run without --no-build)"
export DicomPipeline__Anonymization__Secret="comparison-benchmark-secret-not-for-real-data"

# --- The corpus --------------------------------------------------------------------------------------------------------
pydicom_data=$(/usr/bin/python3 -c 'import os, pydicom; print(os.path.join(os.path.dirname(pydicom.__file__), "data", "test_files"))')
patients=$(( files / 100 > 0 ? files / 100 : 1 ))
case "$corpus_kind" in
  vendor)
    corpus="$corpus_work/corpus"
    real_files="${DICOMPIPELINE_REAL_FILES:-$HOME/.cache/dicompipeline-real-files}"
    say "Fetching the enhanced multi-frame template (tests/real-files/fetch.sh) ..."
    "$repo/tests/real-files/fetch.sh" "$real_files" >"$work/log/fetch.txt" 2>&1 \
      || { tail -3 "$work/log/fetch.txt" >&2; fail "fetching the real files (the enhanced MR template)"; }
    enhanced="$real_files/files/python3-nibabel/nibabel_nicom_tests_data_philips_mprage.dcm"
    [[ -f "$enhanced" ]] || fail "$enhanced is missing after tests/real-files/fetch.sh"
    templates=(--template "$pydicom_data/CT_small.dcm" --template "$pydicom_data/MR_small.dcm" --template "$enhanced")
    for extra in ${VENDOR_TEMPLATES:-}; do templates+=(--template "$extra"); done
    corpus_text="built from real vendor files ($(printf '%s ' "${templates[@]}" | sed 's/--template //g; s|[^ ]*/||g')) replicated with new identities and UIDs, single-frame ones tiled to ${size}x${size}, an enhanced series one multi-frame file"
    say "Building $files files of ${size}x${size} from vendor files ..."
    dotnet "$bench" corpus-from "${templates[@]}" --out "$corpus" --files "$files" --size "$size" >"$work/log/corpus.txt" 2>&1 \
      || { tail -5 "$work/log/corpus.txt" >&2; fail "building the vendor corpus"; }
    ;;
  vendor-ct)
    # The issue-28 baseline's kind of corpus: GE CT files only (pydicom's CT_small.dcm), no MR, no multi-frame.
    corpus="$corpus_work/corpus"
    corpus_text="built from one real vendor file (GE CT_small.dcm) replicated with new identities and UIDs, tiled to ${size}x${size}"
    say "Building $files GE CT files of ${size}x${size} ..."
    dotnet "$bench" corpus-from --template "$pydicom_data/CT_small.dcm" --out "$corpus" --files "$files" --size "$size" >"$work/log/corpus.txt" 2>&1 \
      || { tail -5 "$work/log/corpus.txt" >&2; fail "building the vendor CT corpus"; }
    ;;
  synth)
    corpus="$corpus_work/corpus"
    per_series=$(( (files + patients * 2 - 1) / (patients * 2) ))
    corpus_text="synthesized CT ($patients patients, 2 series each), ${size}x${size} 16-bit, Explicit VR Little Endian"
    say "Synthesizing $((patients * 2 * per_series)) files of ${size}x${size} ..."
    ours synth --out "$corpus" --patients "$patients" --instances-per-series "$per_series" \
      --rows "$size" --columns "$size" --seed 42 >"$work/log/synth.txt"
    ;;
  *)
    [[ -d "$corpus_kind" ]] || fail "--corpus: $corpus_kind is neither vendor, vendor-ct, synth nor a folder"
    corpus=$(cd "$corpus_kind" && pwd)
    corpus_text="the folder $corpus, as it is"
    ;;
esac
count=$(find "$corpus" -type f -name '*.dcm' | wc -l)
bytes=$(find "$corpus" -type f -name '*.dcm' -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s }')
# Every contender starts from the page cache (warmed again before each run, see contender).
warm_corpus() { find "$corpus" -type f -name '*.dcm' -print0 | xargs -0 cat >/dev/null; }
warm_corpus

# --- What dcmdump sees: file, PatientName, PatientID, StudyInstanceUID, SOPInstanceUID, StudyDate, leaks -------------
# "leaks" lists the nested PatientName values and the top-level private (0009,1001) value (where the synthesizer
# plants the name again), so a copy of an original name left outside the top level is seen.
dump_tags() { # DIR -> TSV on stdout
  find "$1" -type f -name '*.dcm' -print0 | sort -z \
    | xargs -0 dcmdump -q +F +sb 7fe0,0010 +p +P 0010,0010 +P 0010,0020 +P 0020,000d +P 0008,0018 +P 0008,0020 +P 0009,1001 \
    | awk -v OFS='\t' '
        function value(line) { if (index(line, "[") == 0) return ""; sub(/^[^[]*\[/, "", line); sub(/\].*$/, "", line); return line }
        function flush() { if (file != "") print file, name, id, study, sop, date, leaks }
        /^# dcmdump/ { flush(); file = $NF; name = id = study = sop = date = leaks = ""; next }
        /^\(0010,0010\)/ { name = value($0); next }
        /^\(0010,0020\)/ { id = value($0); next }
        /^\(0020,000d\)/ { study = value($0); next }
        /^\(0008,0018\)/ { sop = value($0); next }
        /^\(0008,0020\)/ { date = value($0); next }
        /^\(0009,1001\)/ || /\.\(0010,0010\)/ { v = value($0); if (v != "") leaks = leaks "|" v; next }
        END { flush() }'
}
dump_tags "$corpus" >"$work/original.tsv"
[[ $(wc -l <"$work/original.tsv") -eq $count ]] || fail "dcmdump could not read the corpus"
original_studies=$(cut -f4 "$work/original.tsv" | sort -u | wc -l)

# Checks DIR against the originals; fails when the tool did nothing; prints a short note of what it left.
check_output() { # NAME DIR
  local name=$1 dir=$2 out="$work/check-$RANDOM.tsv" n
  dump_tags "$dir" >"$out" || fail "$name: dcmdump could not read its output"
  n=$(wc -l <"$out")
  [[ $n -eq $count ]] || fail "$name: $n of $count files in its output readable by dcmdump"
  awk -F'\t' -v name="$name" -v original_studies="$original_studies" '
    NR == FNR { names[$2]; ids[$3]; sops[$5]; dates[$6]; next }
    {
      if ($2 in names) same_name++
      if ($3 in ids) same_id++
      if ($5 in sops) same_sop++
      if ($6 != "" && $6 in dates) kept_date++
      if ($7 != "") { n = split(substr($7, 2), v, "|"); for (i = 1; i <= n; i++) if (v[i] in names) { leaked++; break } }
      studies[$4]; files++
    }
    END {
      if (same_name + same_id + same_sop > 0) {
        printf "%s: %d files keep the original PatientName, %d PatientID, %d SOPInstanceUID\n", name, same_name, same_id, same_sop > "/dev/stderr"
        exit 1
      }
      s = 0; for (k in studies) s++
      note = "name, ID, UIDs replaced"
      note = note (s == original_studies ? "; study UIDs consistent" : "; " s " study UIDs for " original_studies " studies")
      if (kept_date > 0) note = note "; dates kept"
      if (leaked > 0) note = note "; name left in a sequence or private tag"
      print note
    }' "$work/original.tsv" "$out" || fail "$name did not de-identify its output"
}

# --- Timing ------------------------------------------------------------------------------------------------------------
# Each contender runs $repeat times from the same start (its output removed, a fresh copy or server made, `sync`, the
# corpus warm); the table keeps the median and shows the fastest and slowest too.
rows="$work/rows.tsv" # kind, name, median seconds, fastest, slowest, peak RSS KB, note
: >"$rows"
export cli_bin bench corpus here work nproc
contender() { # KIND NAME OUTPUT SETUP AFTER FUNCTION: SETUP and AFTER are evaluated around each timed run of FUNCTION OUTPUT
  local kind=$1 name=$2 output=$3 setup=$4 after=$5 fn=$6 slug rep t0 t1 sec rss times="" peak=0 median best worst
  slug=$(echo "$name" | tr -c 'A-Za-z0-9' '-')
  note=""
  for ((rep = 1; rep <= repeat; rep++)); do
    rm -rf "$output"
    eval "$setup"
    sync
    warm_corpus
    say "Timing ($rep/$repeat): $name"
    t0=$(date +%s%N)
    /usr/bin/time -f %M -o "$work/log/$slug.rss" bash -c "$fn \"\$1\"" _ "$output" >"$work/log/$slug.out" 2>"$work/log/$slug.err" \
      || { tail -5 "$work/log/$slug.err" >&2; fail "$name exited with an error"; }
    t1=$(date +%s%N)
    sec=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    rss=$(tail -1 "$work/log/$slug.rss")
    eval "$after"
    times="$times$sec"$'\n'
    peak=$(( rss > peak ? rss : peak ))
  done
  rm -rf "$output"
  sync
  read -r median best worst < <(grep . <<<"$times" | sort -g | awk '{ t[NR] = $1 } END { m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2; print m, t[1], t[NR] }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$kind" "$name" "$median" "$best" "$worst" "$peak" "$note" >>"$rows"
}
# AFTER hooks: the first run's output is checked (the others are the same command on the same input).
check_first() { # NAME OUTPUT
  if [[ $rep -eq 1 ]]; then note=$(check_output "$1" "$2") || exit 1; fi
}

# 1. cp -r: the I/O limit.
run_cp() { cp -r "$corpus" "$1"; }
export -f run_cp
contender io "cp -r (I/O limit)" "$work/cp" : \
  '[[ $(find "$work/cp" -name "*.dcm" | wc -l) -eq $count ]] || fail "cp -r copied too few files"; note="plain copy"' run_cp

# 2. Ours, all cores and one core.
run_ours() { "$cli_bin" run --input "$corpus" --anonymize --output "$1"; }
run_ours_1() { taskset -c 0 "$cli_bin" run --input "$corpus" --anonymize --output "$1"; }
export -f run_ours run_ours_1
contender deid "DicomPipeline run --anonymize (all cores)" "$work/ours" : 'check_first ours "$work/ours"' run_ours
contender deid "DicomPipeline run --anonymize (1 core)" "$work/ours1" : 'check_first "ours (1 core)" "$work/ours1"' run_ours_1

# 3. pydicom, one file after another, as the original tool.
run_pydicom() { /usr/bin/python3 "$here/pydicom_anonymize.py" "$corpus" "$1"; }
export -f run_pydicom
contender deid "pydicom script (pydicom_anonymize.py)" "$work/py" : 'check_first pydicom "$work/py"' run_pydicom

# 4. dcmodify on a copy (the copy is not timed): identifiers replaced, dates emptied, private tags erased, new UIDs.
# -ma changes every match, sequences included; -gst/-gse/-gin make new UIDs per file, not per study or series.
dcmodify_args=(-nb -q -imt -ie -ma "(0010,0010)=ANONYMOUS" -ma "(0010,0020)=ANON" -ma "(0010,0030)=" -ma "(0008,0020)="
  -ma "(0008,0021)=" -ma "(0008,0022)=" -ma "(0008,0023)=" -ep -gst -gse -gin)
export dcmodify_joined="${dcmodify_args[*]@Q}"
export batch=$(( count / (nproc * 4) + 1 ))
run_dcmodify() { find "$1" -name "*.dcm" -print0 | eval "xargs -0 dcmodify $dcmodify_joined"; }
run_dcmodify_n() { find "$1" -name "*.dcm" -print0 | eval "xargs -0 -P $nproc -n $batch dcmodify $dcmodify_joined"; }
export -f run_dcmodify run_dcmodify_n
contender deid "dcmodify (1 process)" "$work/dcmodify1" 'cp -r "$corpus" "$work/dcmodify1"' 'check_first "dcmodify (1 process)" "$work/dcmodify1"' run_dcmodify
contender deid "dcmodify ($nproc processes)" "$work/dcmodifyN" 'cp -r "$corpus" "$work/dcmodifyN"' 'check_first "dcmodify (parallel)" "$work/dcmodifyN"' run_dcmodify_n

# 5. gdcmanon -e: GDCM's Basic Profile. It encrypts the originals into the Encrypted Attributes Sequence for a
# certificate, so the run makes a throw-away self-signed one (offline). The parallel run gives each process whole
# patients, so that UIDs stay consistent within a study.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 1 -subj /CN=benchmark >/dev/null 2>&1
gdcm_status="ran"
run_gdcmanon() { gdcmanon -e -c "$work/cert.pem" --continue -r -i "$corpus" -o "$1"; }
run_gdcmanon_n() {
  # The output's root first: two gdcmanon processes that both find it missing race to make it, and one fails.
  mkdir -p "$1" && cd "$corpus" && find . -mindepth 1 -maxdepth 1 -type d -printf "%P\0" \
    | xargs -0 -P "$nproc" -I{} gdcmanon -e -c "$work/cert.pem" --continue -r -i "$corpus/{}" -o "$1/{}"
}
export -f run_gdcmanon run_gdcmanon_n
if gdcmanon -e -c "$work/cert.pem" -i "$(find "$corpus" -name '*.dcm' | head -1)" -o "$work/gdcm-probe.dcm" >"$work/log/gdcm-probe.txt" 2>&1; then
  contender deid "gdcmanon -e (1 process)" "$work/gdcm1" : 'check_first "gdcmanon (1 process)" "$work/gdcm1"' run_gdcmanon
  contender deid "gdcmanon -e ($nproc processes)" "$work/gdcmN" : 'check_first "gdcmanon (parallel)" "$work/gdcmN"' run_gdcmanon_n
else
  gdcm_status="could not run: $(head -1 "$work/log/gdcm-probe.txt")"
  say "gdcmanon $gdcm_status"
fi

# 6. Upload of our output (kept from one more run of ours) to a fresh local Orthanc for every run of every contender.
run_ours "$work/upload-source" >"$work/log/upload-source.txt" 2>&1 || fail "our run for the upload source"
# shellcheck source=local-orthanc.sh
source "$here/local-orthanc.sh"
start_orthanc() { start_local_orthanc "$work/orthanc" dicompipeline-benchmark; }
stop_orthanc() { stop_local_orthanc "$work/orthanc" "$count" "$1"; note="all $count stored"; }
export upload_source="$work/upload-source"
run_upload_ours() { dotnet "$bench" upload "$upload_source" "$orthanc_url" --parallelism 4; }
run_upload_curl() {
  find "$upload_source" -name "*.dcm" -print0 \
    | while IFS= read -r -d "" f; do curl -sf -X POST --data-binary @"$f" "$orthanc_url/instances" >/dev/null; done
}
export -f run_upload_ours run_upload_curl
contender upload "DicomPipeline upload (IOrthancClient, 4 at a time)" "$work/none" start_orthanc 'stop_orthanc ours' run_upload_ours
contender upload "curl loop (one POST after another)" "$work/none" start_orthanc 'stop_orthanc curl' run_upload_curl

# --- The table ---------------------------------------------------------------------------------------------------------
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
ram=$(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)
fs=$(df -T "$work" | awk 'NR == 2 { print $2 }')
corpus_fs=$(df -T "$corpus" | awk 'NR == 2 { print $2 }')
versions="$(dotnet --version | sed 's/^/.NET SDK /') (ours: $ours_build), pydicom $(/usr/bin/python3 -c 'import pydicom; print(pydicom.__version__)'), DCMTK $(dcmodify --version | sed -n 's/.*dcmodify v\([0-9.]*\).*/\1/p' | head -1), GDCM $(gdcmanon --version | sed -n 's/.*gdcm \([0-9.]*\).*/\1/p' | head -1), Orthanc $(/usr/sbin/Orthanc --version | sed -n '1s/.* //p'), curl $(curl --version | awk 'NR == 1 { print $2 }')"
table=$(awk -F'\t' -v count="$count" -v bytes="$bytes" '
  { kind[NR] = $1; name[NR] = $2; sec[NR] = $3; best[NR] = $4; worst[NR] = $5; rss[NR] = $6; note[NR] = $7; n = NR
    if ($2 ~ /^DicomPipeline run .*all cores/) ours_deid = NR
    if ($2 ~ /^DicomPipeline upload/) ours_up = NR }
  END {
    print "| contender | seconds (median) | fastest | slowest | files/s | MB/s | peak RSS (MB) | ours (all cores) vs this | output check |"
    print "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
    for (i = 1; i <= n; i++) {
      ours = kind[i] == "upload" ? ours_up : ours_deid
      if (i == ours) ratio = "—"
      else if (kind[i] == "io") ratio = sprintf("%.0f %% of its throughput", 100 * sec[i] / sec[ours_deid])
      else ratio = sprintf("%.2fx", sec[i] / sec[ours])
      printf "| %s | %.2f | %.2f | %.2f | %.0f | %.0f | %.0f | %s | %s |\n", name[i], sec[i], best[i], worst[i], count / sec[i], bytes / 1e6 / sec[i], rss[i] / 1024, ratio, note[i]
    }
  }' "$rows")

# Goals of issue 17, from the same rows (medians).
goals=$(awk -F'\t' '
  function ok(x) { return x ? "met" : "NOT met" }
  $2 ~ /^DicomPipeline run .*all cores/ { ours = $3 }
  $2 ~ /^pydicom/ { py = $3 }
  $2 ~ /^gdcmanon .*1 process/ { gdcm1 = $3 }
  $2 ~ /^(dcmodify|gdcmanon)/ && $2 !~ /1 process/ { if (par == "" || $3 < par) { par = $3; par_name = $2 } }
  $1 == "io" { cp = $3 }
  $2 ~ /^DicomPipeline upload/ { up = $3 }
  $2 ~ /^curl/ { curl = $3 }
  END {
    printf "- at least 12x the pydicom script: %.2fx — %s\n", py / ours, ok(py / ours >= 12)
    if (gdcm1 != "") printf "- at least 2.5x gdcmanon -e in one process: %.2fx — %s\n", gdcm1 / ours, ok(gdcm1 / ours >= 2.5)
    if (par != "") printf "- at least 1.2x the fastest of gdcmanon and dcmodify one process per core (%s): %.2fx — %s\n", par_name, par / ours, ok(par / ours >= 1.2)
    printf "- at least 0.8x the speed of cp -r: %.2fx — %s\n", cp / ours, ok(cp / ours >= 0.8)
    printf "- upload, at least 4x the curl loop: %.2fx — %s\n", curl / up, ok(curl / up >= 4)
  }' "$rows")

text="Measured $(date -u +%Y-%m-%d) by \`tests/DicomPipeline.Benchmarks/run.sh\` on $nproc cores ($cpu), $ram RAM, Linux $(uname -r), working folder on $fs;
$versions.
Corpus: $count files, $corpus_text, $(awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }'), on $corpus_fs and in the page cache before each run; outputs on $fs. Each contender ran $repeat times; the median counts. gdcmanon: $gdcm_status.
Load average (1, 5, 15 min) before the run: $load_before; after: $load_after (anything above 0 is other work on the machine).

$table

Goals (issue 17), ours = \`run --anonymize\` on all cores:

$goals"
echo
echo "$text"
if [[ -n "$report" ]]; then
  REPORT_TEXT="$text" /usr/bin/python3 - "$report" <<'EOF'
import os, sys
path = sys.argv[1]
begin, end = "<!-- comparison-benchmark:begin -->", "<!-- comparison-benchmark:end -->"
text = open(path, encoding="utf-8").read()
i, j = text.find(begin), text.find(end)
if i < 0 or j < i:
    sys.exit(f"run.sh: {path} has no {begin} ... {end} markers")
text = text[: i + len(begin)] + "\n" + os.environ["REPORT_TEXT"] + "\n" + text[j:]
open(path, "w", encoding="utf-8").write(text)
EOF
  say "Table written into $report"
fi
