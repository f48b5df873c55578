#!/bin/bash
# Sharded extraction on a Slurm cluster: a job array (one shard per task) and a
# merge job that waits for all of them (afterok). Usage, from anywhere:
#   MODEL=models/bert-base-cased CORPUS=data/train.conllu OUT=acts/train SHARDS=16 \
#     scripts/slurm/submit.sh [extra sbatch options, e.g. --partition=gpu --gres=gpu:1]
# Optional: AGGREGATION (last), DTYPE (float16), DEVICE (auto), MAX_WORDS, COLUMNS, MERGED (merged.hdf5).
# Options after the command go to the extraction array only; give options every job
# needs (account, partition) as SBATCH_ACCOUNT / SBATCH_PARTITION in the environment.
set -euo pipefail
: "${MODEL:?set MODEL (a model folder or hub id)}" "${CORPUS:?set CORPUS (the corpus file)}" "${OUT:?set OUT (a folder for the shards)}"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export SALIENT_DIR=${SALIENT_DIR:-$(cd "$here/../.." && pwd)}
export SHARDS=${SHARDS:-8} MODEL CORPUS OUT
array=$(sbatch --parsable --export=ALL --array="0-$((SHARDS - 1))" "$@" "$here/extract-array.sbatch")
array=${array%%;*} # --parsable prints "jobid[;cluster]"
merge=$(sbatch --parsable --export=ALL --dependency="afterok:$array" "$here/merge.sbatch")
echo "extraction: job array $array ($SHARDS shards → $OUT/shard-*.hdf5)"
echo "merge: job ${merge%%;*}, after every shard succeeded → $OUT/${MERGED:-merged.hdf5}"
