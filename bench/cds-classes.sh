#!/usr/bin/env bash
# Makes cli/src/main/resources/dev/dbmove/cli/cds-classes.txt again: the classes a replication loads, which the
# launcher keeps in a class-data archive (dev.dbmove.cli.ClassWarmup). Run after a dependency upgrade, on the lab
# (../shared/lab): one full load MariaDB -> PostgreSQL and one PostgreSQL -> PostgreSQL with
# -XX:DumpLoadedClassList; the union of the classes they loaded (no generated ones) becomes the list.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
LABDIR=${LABDIR:-$ROOT/../shared/lab}
. "$LABDIR/env.sh"
WORK=$LAB/work/cds; mkdir -p "$WORK"
OUT=$ROOT/cli/src/main/resources/dev/dbmove/cli/cds-classes.txt

one() { # direction source-yaml
  local log=$WORK/$1.log
  pg_tgt -d postgres -c "DROP DATABASE IF EXISTS sbtest WITH (FORCE)" -c "CREATE DATABASE sbtest" >/dev/null
  if [ "$1" = pg-pg ]; then
    pg_src -d sbtest -At -c "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name LIKE 'dbmove_cds%'" >/dev/null
  fi
  printf 'job: cds-%s\nsource: %s\ntarget: {type: postgresql, host: 127.0.0.1, port: %s, database: sbtest, user: postgres}\n' \
    "$1" "$2" "$PG_TGT_PORT" > "$WORK/$1.yaml"
  DBMOVE_CDS=0 DBMOVE_JAVA_OPTS="-Xmx512m -XX:DumpLoadedClassList=$WORK/$1.lst" \
    "$ROOT/dbmove" replicate --config "$WORK/$1.yaml" > "$log" 2>&1 &
  local pid=$!
  until grep -q "full load done" "$log"; do kill -0 "$pid" || { tail "$log"; exit 1; }; sleep 0.5; done
  sleep 3; kill -TERM "$pid"; wait "$pid" || true
}
one maria-pg "{type: mariadb, host: 127.0.0.1, port: $MDB_SRC_PORT, database: sbtest, user: root}"
one pg-pg "{type: postgresql, host: 127.0.0.1, port: $PG_SRC_PORT, database: sbtest, user: postgres}"
cat "$WORK"/*.lst | grep -v '^#\|^@' | awk '{print $1}' | grep -v '\$\$Lambda\|/0x\|\$Proxy\|^jdk/proxy' | tr / . \
  | LC_ALL=C sort -u > "$OUT"
pg_src -d sbtest -At -c "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name LIKE 'dbmove_cds%'" >/dev/null
pg_src -d sbtest -At -c "DROP PUBLICATION IF EXISTS dbmove_cds_pg_pg" >/dev/null
echo "$(wc -l < "$OUT") classes in $OUT"
