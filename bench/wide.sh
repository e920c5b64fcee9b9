#!/usr/bin/env bash
# Full load of one wide table of mixed types (WIDE_ROWS rows, default 300,000, about 400 bytes each) beside the
# peer, MariaDB -> PostgreSQL (pgloader) and PostgreSQL -> PostgreSQL (pgcopydb): the sysbench tables have four
# plain columns; this one has the types a real schema has (floating point, booleans, enums, times, JSON, bytes,
# UUIDs), so it shows which path each type takes and what it costs. Its own database, `widetest`, in both sources:
# the sysbench figures are not touched.
#
#   bench/wide.sh [RUNS]          # RUNS per direction (default 1); DIRECTIONS="maria-pg pg-pg" to choose
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
LABDIR=${LABDIR:-$ROOT/../shared/lab}
. "$LABDIR/env.sh"
export PATH=$PGBIN:$PATH
RUNS=${1:-1}
ROWS=${WIDE_ROWS:-300000}
DIRECTIONS=${DIRECTIONS:-"maria-pg pg-pg"}
WORK=$LAB/work/bench-wide; mkdir -p "$WORK"
now() { date +%s.%N; }
DBMOVE_NO_BUILD=1 "$ROOT/dbmove" --version > /dev/null

# The same rows in both sources (generated from the row number, so both sides agree).
mdb_src -e "DROP DATABASE IF EXISTS widetest; CREATE DATABASE widetest"
mdb_src widetest -e "CREATE TABLE wide (id BIGINT PRIMARY KEY, i INT NOT NULL, s SMALLINT, d DECIMAL(12,2), f DOUBLE,
  b TINYINT(1), v VARCHAR(100), t TEXT, dt DATETIME(3), dd DATE, ts TIMESTAMP(6) NULL, j JSON, bl BLOB,
  e ENUM('new','paid','shipped'), u CHAR(36), KEY (i), KEY (dt)) ENGINE=InnoDB;
  INSERT INTO wide SELECT seq, seq * 7 % 100000, seq % 30000, seq / 3, seq / 7.0, seq % 2,
    CONCAT('name ', seq, ' é'), REPEAT(CONCAT('text ', seq, ' '), 8), '2020-01-01' + INTERVAL seq SECOND,
    '2000-01-01' + INTERVAL (seq % 9000) DAY, '2021-06-01' + INTERVAL seq * 1000 MICROSECOND,
    JSON_OBJECT('n', seq, 'tags', JSON_ARRAY('a', 'b')), UNHEX(LPAD(HEX(seq), 32, '0')),
    ELT(seq % 3 + 1, 'new', 'paid', 'shipped'), CONCAT(LPAD(HEX(seq), 8, '0'), '-0000-4000-8000-000000000000')
    FROM seq_1_to_$ROWS; ANALYZE TABLE wide"
pg_src -d postgres -c "DROP DATABASE IF EXISTS widetest WITH (FORCE)" -c "CREATE DATABASE widetest" >/dev/null
pg_src -d widetest -c "CREATE TYPE state AS ENUM ('new', 'paid', 'shipped')" \
  -c "CREATE TABLE wide (id bigint PRIMARY KEY, i int NOT NULL, s smallint, d numeric(12,2), f double precision,
  b boolean, v varchar(100), t text, dt timestamp(3), dd date, ts timestamptz, j jsonb, bl bytea, e state, u uuid)" \
  -c "INSERT INTO wide SELECT g, g * 7 % 100000, g % 30000, g / 3.0, g / 7.0, g % 2 = 1, 'name ' || g || ' é',
  repeat('text ' || g || ' ', 8), '2020-01-01'::timestamp + g * interval '1 second',
  '2000-01-01'::date + (g % 9000), '2021-06-01'::timestamptz + g * interval '1 millisecond',
  jsonb_build_object('n', g, 'tags', jsonb_build_array('a', 'b')), decode(lpad(to_hex(g), 32, '0'), 'hex'),
  (ARRAY['new', 'paid', 'shipped'])[g % 3 + 1]::state, (lpad(to_hex(g), 8, '0') || '-0000-4000-8000-000000000000')::uuid
  FROM generate_series(1, $ROWS) g" -c "CREATE INDEX ON wide (i)" -c "CREATE INDEX ON wide (dt)" -c "ANALYZE wide" >/dev/null

reset() { # direction
  pg_tgt -d postgres -c "DROP DATABASE IF EXISTS widetest WITH (FORCE)" -c "CREATE DATABASE widetest" >/dev/null
  pg_src -d postgres -At -c "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name LIKE 'dbmove_bench_wide%'" >/dev/null
  pg_src -d widetest -At -c "DROP PUBLICATION IF EXISTS dbmove_bench_wide_pg_pg" >/dev/null
}
count() { pg_tgt -d widetest -At -c "SELECT COUNT(*) FROM $1" 2>/dev/null || echo 0; }

for dir in $DIRECTIONS; do
  case $dir in
    maria-pg) src="{type: mariadb, host: 127.0.0.1, port: $MDB_SRC_PORT, database: widetest, user: root}"; peer=pgloader ;;
    pg-pg) src="{type: postgresql, host: 127.0.0.1, port: $PG_SRC_PORT, database: widetest, user: postgres}"; peer=pgcopydb ;;
  esac
  printf 'job: bench-wide-%s\nsource: %s\ntarget: {type: postgresql, host: 127.0.0.1, port: %s, database: widetest, user: postgres}\n' \
    "$dir" "$src" "$PG_TGT_PORT" > "$WORK/$dir.yaml"
  for run in $(seq 1 "$RUNS"); do
    reset "$dir"; sync; sleep 2
    log=$WORK/$dir-$run.log
    t0=$(now)
    DBMOVE_NO_BUILD=1 DBMOVE_JAVA_OPTS="${DBMOVE_BENCH_HEAP:-}" "$ROOT/dbmove" replicate --config "$WORK/$dir.yaml" > "$log" 2>&1 &
    pid=$!
    until grep -q "full load done" "$log"; do
      kill -0 "$pid" 2>/dev/null || { echo "dbmove ended before the full load was done:" >&2; tail -20 "$log" >&2; exit 1; }
      sleep 0.2
    done
    t1=$(now); kill -TERM "$pid"; wait "$pid" || true
    path=$(grep -o "full load of [0-9]* table(s) by dbmove's readers\|through Debezium's snapshot for [^;]*" "$log" | head -1)
    printf "dbmove   %-8s run %d: %6.1f s  %s rows  (%s)\n" "$dir" "$run" "$(echo "$t1 - $t0" | bc)" "$(count public.wide)" "$path"
    reset "$dir"; sync; sleep 2
    rm -rf "$WORK/peer"; mkdir -p "$WORK/peer"
    t0=$(now)
    if [ "$peer" = pgloader ]; then
      pgloader --root-dir "$WORK/peer" "mysql://root@127.0.0.1:$MDB_SRC_PORT/widetest" \
        "postgresql://postgres@127.0.0.1:$PG_TGT_PORT/widetest" > "$WORK/$dir-peer.log" 2>&1 || true
      table=widetest.wide
    else
      pgcopydb clone --source "postgres://postgres@127.0.0.1:$PG_SRC_PORT/widetest" \
        --target "postgres://postgres@127.0.0.1:$PG_TGT_PORT/widetest" --table-jobs 2 --index-jobs 2 \
        --dir "$WORK/peer" > "$WORK/$dir-peer.log" 2>&1 || true
      table=public.wide
    fi
    t1=$(now)
    printf "%-8s %-8s run %d: %6.1f s  %s rows\n" "$peer" "$dir" "$run" "$(echo "$t1 - $t0" | bc)" "$(count $table)"
  done
done
