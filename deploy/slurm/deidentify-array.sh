#!/usr/bin/env bash
# De-identify one large export on a Slurm cluster as a job array: one task per shard, each taking the studies whose
# StudyInstanceUID hashes to its index (a study never splits), all writing into one output folder on shared storage.
# When every task has succeeded, a dependent job merges the shards' manifest and report parts.
#
#   export DicomPipeline__Anonymization__Secret="$(cat ~/.dicompipeline-secret)"   # the same secret for every task
#   sbatch --export=ALL deploy/slurm/deidentify-array.sh /shared/export /shared/deidentified
#
# Needs the dicompipeline tool on the compute nodes' PATH: `dotnet tool install` of the package deploy/pack-tool.sh
# makes (on linux-x64 nodes the installed command is the native build: no JIT, no .NET runtime needed), or the
# container image deploy/Dockerfile builds, run through Apptainer: its header shows the `apptainer build` of a .sif from
# it, and the command inside is /opt/dicompipeline/dicompipeline (the same native build).
# A failed task can be re-submitted alone (sbatch --array=N ...): a shard re-run skips what it already stored.
#
# The merge runs with afterok, so only when every task exited 0. A task exits 0 when every DICOM instance of its shard
# was stored: files that are not DICOM (README, thumbnails) and DICOMDIRs are counted in report.json, not failures.
# It exits 2 when a DICOM file failed or was held back (then look at the task's report part and re-submit it), 1 on a
# usage or configuration error.
#SBATCH --job-name=dicompipeline
#SBATCH --array=0-3
#SBATCH --cpus-per-task=2
#SBATCH --mem=1G
#SBATCH --time=12:00:00
#SBATCH --output=dicompipeline-%A_%a.log
set -euo pipefail

input=${1:?usage: deidentify-array.sh INPUT_DIR OUTPUT_DIR}
output=${2:?usage: deidentify-array.sh INPUT_DIR OUTPUT_DIR}
: "${DicomPipeline__Anonymization__Secret:?set DicomPipeline__Anonymization__Secret (and submit with --export=ALL)}"

# Outside Slurm (a dry run on a workstation) this is shard 0 of 1.
index=${SLURM_ARRAY_TASK_ID:-0}
count=${SLURM_ARRAY_TASK_COUNT:-1}

dicompipeline run --input "$input" --output "$output" --anonymize --shard "${index}/${count}"

# The last task to finish is not known in advance, so the first task queues the merge to run after the whole array.
if [[ "$index" -eq 0 && -n "${SLURM_ARRAY_JOB_ID:-}" ]]; then
  sbatch --dependency="afterok:${SLURM_ARRAY_JOB_ID}" --job-name=dicompipeline-merge \
    --output=dicompipeline-merge-%j.log --wrap="dicompipeline merge-shards --output '$output'"
fi
