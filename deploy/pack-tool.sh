#!/usr/bin/env bash
# Packs the dicompipeline .NET tool as .NET 10 RID-specific tool packages, into one folder a `dotnet tool install`
# can be pointed at:
#
#   deploy/pack-tool.sh [--output DIR] [--artifacts DIR] [--native "RID ..." | --native none] [--r2r "RID ..."]
#                       [--pointer-only]
#
#   DicomPipeline.Console.<rid>.<version>.nupkg   the console compiled ahead of time (Native AOT) for <rid>
#   DicomPipeline.Console.any.<version>.nupkg     the framework-dependent fallback (IL on the installed .NET 10 runtime)
#   (with --r2r) DicomPipeline.Console.<rid>.<version>.nupkg, framework-dependent and compiled ReadyToRun for <rid>:
#                 for runtimes whose native build this machine cannot link (crossgen2 compiles for any of them)
#   DicomPipeline.Console.<version>.nupkg         the package users install: it names the packages above, and
#                                                 `dotnet tool install` takes the one for its machine
#
# Native AOT cannot cross-compile between operating systems, and links with the target's C toolchain. Between x64 and
# arm64 on Linux it can, given a linker for the target: --native defaults to this machine's runtime when a linker
# (clang or gcc) is here, plus linux-arm64 on linux-x64 when Debian's cross toolchain for it is installed (clang,
# binutils-aarch64-linux-gnu, libc6-dev-arm64-cross, libgcc-12-dev-arm64-cross: clang finds that sysroot by itself).
# The others (osx-arm64, win-x64) are packed on a machine of that kind with the same command, then all the .nupkg
# files are put in one folder and the pointer package packed once more with the full list:
#   deploy/pack-tool.sh --native "linux-x64 linux-arm64 osx-arm64 win-x64" --pointer-only
# The pointer package names exactly the runtimes packed (plus "any"), so it never points at a package that is missing;
# --native none packs only the framework-dependent fallback. A release from one Linux machine can still give the other
# runtimes precompiled code: deploy/pack-tool.sh --r2r "osx-arm64 win-x64".
# The Dockerfile runs this script; so does the packaging test (tests/.../Packaging/ToolPackageTests.cs).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
project="$repo/samples/DicomPipeline.Console"
output="$repo/artifacts/nupkg"
artifacts=""
native=""
r2r=""
pointer_only=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --output) output=$2; shift 2 ;;
    --artifacts) artifacts=$2; shift 2 ;;
    --native) native=$2; shift 2 ;;
    --r2r) r2r=$2; shift 2 ;;
    --pointer-only) pointer_only=1; shift ;;
    -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "pack-tool.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

# clang links for another processor with --target (the SDK passes it) when that target's binutils, C runtime and libgcc
# are installed where Debian's cross packages put them.
arm64_cross_toolchain() {
  command -v clang >/dev/null 2>&1 && command -v aarch64-linux-gnu-ld >/dev/null 2>&1 \
    && [[ -f /usr/aarch64-linux-gnu/lib/crt1.o ]] && compgen -G '/usr/lib/gcc-cross/aarch64-linux-gnu/*/crtbeginS.o' >/dev/null
}

case "$(uname -s)/$(uname -m)" in
  Linux/x86_64) host=linux-x64 ;;
  Linux/aarch64) host=linux-arm64 ;;
  Darwin/arm64) host=osx-arm64 ;;
  *) host="" ;;
esac
if [[ "$native" == none ]]; then
  native=" "
fi
if [[ -z "$native" ]]; then
  if [[ -n "$host" ]] && { command -v clang >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1; }; then
    native=$host
  fi
  if [[ "$host" == linux-x64 ]] && arm64_cross_toolchain; then
    native+=" linux-arm64"
  fi
fi

mkdir -p "$output"
common=(-c Release -o "$output")
if [[ -n "$artifacts" ]]; then
  common+=(--artifacts-path "$artifacts")
fi

if [[ $pointer_only -eq 0 ]]; then
  for rid in $native; do
    echo "pack-tool.sh: $rid (Native AOT)" >&2
    cross=()
    # The project links with gcc where /usr/bin/clang is missing; a cross link needs clang (gcc links for its own target),
    # and symbols are stripped with the target's objcopy (the SDK would take llvm-objcopy, which is not always there).
    [[ "$host" != "$rid" && "$rid" == linux-arm64 ]] && cross=(-p:CppCompilerAndLinker=clang -p:ObjCopyName=aarch64-linux-gnu-objcopy)
    dotnet pack "$project" "${common[@]}" -r "$rid" "${cross[@]}"
  done
  for rid in $r2r; do
    echo "pack-tool.sh: $rid (framework-dependent, ReadyToRun)" >&2
    dotnet pack "$project" "${common[@]}" -r "$rid" -p:PublishAot=false -p:SelfContained=false -p:PublishReadyToRun=true
  done
  echo "pack-tool.sh: any (framework-dependent fallback)" >&2
  dotnet pack "$project" "${common[@]}" -r any
fi

# Given through the environment (MSBuild reads it as a property; the project keeps a value already set): on the
# command line a ';' would end the property, and an escaped one (%3B) would stay inside one runtime's name.
rids=""
for rid in $native $r2r any; do rids+="${rids:+;}$rid"; done
echo "pack-tool.sh: DicomPipeline.Console for ${rids//;/, }" >&2
ToolPackageRuntimeIdentifiers="$rids" dotnet pack "$project" "${common[@]}"
