#!/usr/bin/env bash
# Brings PublicAPI.Unshipped.txt of each packable project in line with its code, from the PublicApiAnalyzers'
# own diagnostics (the analyzer's code fix cannot run from the command line):
#   RS0016 "Symbol 'X' is not part of the declared public API"  -> X is added to PublicAPI.Unshipped.txt
#   RS0017 "Symbol 'X' is part of the declared API, but ..."     -> X leaves PublicAPI.Unshipped.txt, or if it shipped,
#                                                                  *REMOVED*X is added there (a breaking change)
# Run it after changing the public surface on purpose, review the diff of the .txt files, and commit them with the
# change. Usage: eng/update-public-api.sh [project.csproj ...]   (default: every src project with a PublicAPI file)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

projects=("$@")
if [[ ${#projects[@]} -eq 0 ]]; then
  while IFS= read -r file; do projects+=("$(ls "$(dirname "$file")"/*.csproj)"); done \
    < <(find src -name PublicAPI.Shipped.txt | sort)
fi

for project in "${projects[@]}"; do
  dir=$(dirname "$project")
  for round in 1 2 3; do
    log=$(mktemp)
    dotnet build "$project" --no-incremental -p:TreatWarningsAsErrors=false -v q -clp:NoSummary >"$log" 2>&1 || true
    # Building a project builds the projects it references (DicomPipeline.Testing builds DicomPipeline): keep only the
    # diagnostics MSBuild tags with this project's path.
    own=$(grep -F "[$(realpath "$project")" "$log" || true)
    added=$(grep -oP "RS0016: Symbol '\K.*(?=' is not part of the declared public API)" <<<"$own" | sort -u || true)
    removed=$(grep -oP "RS0017: Symbol '\K.*(?=' is part of the declared API)" <<<"$own" | sort -u || true)
    rm -f "$log"
    [[ -z "$added$removed" ]] && break
    shipped="$dir/PublicAPI.Shipped.txt" unshipped="$dir/PublicAPI.Unshipped.txt"
    body=$(grep -v '^#nullable enable$' "$unshipped" || true)
    if [[ -n "$removed" ]]; then
      # Gone since the last release: a shipped symbol is marked *REMOVED* (a breaking change to note in the release), an
      # unshipped one simply goes.
      body=$(grep -vxF -f <(printf '%s\n' "$removed") <<<"$body" || true)
      while IFS= read -r symbol; do
        if grep -qxF -- "$symbol" "$shipped"; then body=$(printf '%s\n*REMOVED*%s\n' "$body" "$symbol"); fi
      done <<<"$removed"
    fi
    if [[ -n "$added" ]]; then body=$(printf '%s\n%s\n' "$body" "$added"); fi
    { echo '#nullable enable'; grep -v '^$' <<<"$body" | LC_ALL=C sort -u || true; } >"$unshipped"
    echo "$project: round $round, $(grep -c . <<<"$added" || true) added, $(grep -c . <<<"$removed" || true) removed"
  done
done
