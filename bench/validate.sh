#!/usr/bin/env bash
# Validation speed on the lab's 4,000,000-row sysbench dataset (8 x 500k), next to the engines' own whole-table
# checksums on the same data.
#
#   ../shared/lab/start.sh && ../shared/lab/dataset.sh     # once: four servers and the dataset in both sources
#   bench/validate.sh [RUNS]                               # copies sbtest to both targets, then measures
#
# Prints, per direction, dbmove validate's wall time and rows/s per side (each side reads every row once), then
# the time of CHECKSUM TABLE (MariaDB) and of a full-table hash query (PostgreSQL) over the same tables.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
LABDIR=${LABDIR:-$ROOT/../shared/lab}
. "$LABDIR/env.sh"
export PATH=$PGBIN:$PATH
RUNS=${1:-1}
TABLES=${TABLES:-8}
WORK=$LAB/work/validate; mkdir -p "$WORK"

"$LABDIR/fullload.sh" mysqldump 1 >/dev/null
"$LABDIR/fullload.sh" pgdump 1 >/dev/null

cat > "$WORK/maria.yaml" <<YAML
job: bench-validate-maria
source: {type: mariadb, host: 127.0.0.1, port: $MDB_SRC_PORT, database: sbtest, user: root}
target: {type: mariadb, host: 127.0.0.1, port: $MDB_TGT_PORT, database: sbtest, user: root}
validation: {parallelism: 2}
YAML
cat > "$WORK/pg.yaml" <<YAML
job: bench-validate-pg
source: {type: postgresql, host: 127.0.0.1, port: $PG_SRC_PORT, database: sbtest, user: postgres}
target: {type: postgresql, host: 127.0.0.1, port: $PG_TGT_PORT, database: sbtest, user: postgres}
validation: {parallelism: 2}
YAML

now() { date +%s.%N; }
for run in $(seq 1 "$RUNS"); do
  for job in maria pg; do
    t0=$(now)
    "$ROOT/dbmove" validate --config "$WORK/$job.yaml" --json > "$WORK/$job.json" || true
    t1=$(now)
    rows=$(python3 -c "import json,sys; d=json.load(open('$WORK/$job.json')); print(d['summary']['sourceRows'])")
    ok=$(python3 -c "import json; print(json.load(open('$WORK/$job.json'))['identical'])")
    awk -v j="$job" -v r="$run" -v a="$t0" -v b="$t1" -v n="$rows" -v ok="$ok" \
      'BEGIN { s=b-a; printf "dbmove validate %-5s run %d: %.1f s, %d rows, %.0f rows/s per side, identical=%s\n", j, r, s, n, n/s, ok }'
  done
  list=$(for i in $(seq 1 "$TABLES"); do printf 'sbtest%d,' "$i"; done); list=${list%,}
  t0=$(now); mdb_src sbtest -e "CHECKSUM TABLE $list" >/dev/null; t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "CHECKSUM TABLE (MariaDB source, one side): %.1f s\n", b-a }'
  t0=$(now)
  for i in $(seq 1 "$TABLES"); do pg_src -d sbtest -At -c "SELECT sum(hashtext(t::text)) FROM sbtest$i t" >/dev/null; done
  t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "full-table hash query (PostgreSQL source, one side): %.1f s\n", b-a }'
done
