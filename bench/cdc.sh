#!/usr/bin/env bash
# Change data capture speed on the lab (../shared/lab): how fast dbmove drains a backlog, and how far it lags
# behind a steady writer.
#
#   ../shared/lab/start.sh && ../shared/lab/dataset.sh      # once
#   bench/cdc.sh [DIRECTION]                                 # maria-pg (default) or pg-pg
#
#   1. full load with dbmove replicate, until the lag is 0; then dbmove is stopped (SIGTERM);
#   2. catch-up: sysbench oltp_write_only writes BACKLOG_TX transactions (default 250,000, 4 row changes each:
#      two updates, a delete, an insert) while dbmove is stopped; dbmove is started again and timed until it has
#      applied them all: row changes applied per second (from its first applied change, and from its launch);
#   3. live: sysbench at LIVE_TPS transactions/s (default 1,250 = 5,000 row changes/s) for LIVE_SECONDS (default
#      300) while dbmove runs; dbmove_lag_seconds sampled every second: p50, p99, max; events/s applied;
#   4. one big transaction (BIG_TX=1, the default; 0 skips it): every row of the 8 tables updated in a single source
#      transaction (4,000,000 row changes), timed from its commit until dbmove has applied it: heap stays bounded
#      whatever the transaction's size.
#
# Peak heap comes from the replicator's metrics endpoint (sampled every 0.5 s). Lag in seconds is "now minus the
# source commit time of the oldest change not yet applied": MariaDB's binlog has 1-second commit times, so
# readings there carry up to a second of rounding.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
LABDIR=${LABDIR:-$ROOT/../shared/lab}
. "$LABDIR/env.sh"
export PATH=$PGBIN:$PATH

DIR=${1:-maria-pg}
BACKLOG_TX=${BACKLOG_TX:-250000}
BIG_TX=${BIG_TX:-1}
LIVE_TPS=${LIVE_TPS:-1250}
LIVE_SECONDS=${LIVE_SECONDS:-300}
HEAP=${DBMOVE_BENCH_HEAP:-}   # empty: the launcher's default (512 MB)
WORK=$LAB/work/bench-cdc; mkdir -p "$WORK"
now() { date +%s.%N; }
# The launcher makes its class-data archive on the first start after a build (a few seconds): not in a timing.
DBMOVE_NO_BUILD=1 "$ROOT/dbmove" --version > /dev/null
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

case $DIR in
  maria-pg) SRC="{type: mariadb, host: 127.0.0.1, port: $MDB_SRC_PORT, database: sbtest, user: root}"
            SB="--db-driver=mysql --mysql-host=127.0.0.1 --mysql-port=$MDB_SRC_PORT --mysql-user=root --mysql-db=sbtest" ;;
  pg-pg)    SRC="{type: postgresql, host: 127.0.0.1, port: $PG_SRC_PORT, database: sbtest, user: postgres}"
            SB="--db-driver=pgsql --pgsql-host=127.0.0.1 --pgsql-port=$PG_SRC_PORT --pgsql-user=postgres --pgsql-db=sbtest" ;;
  *) echo "direction: maria-pg or pg-pg" >&2; exit 2 ;;
esac
JOB=$WORK/$DIR.yaml
printf 'job: bench-cdc-%s\nsource: %s\ntarget: %s\n' "$DIR" "$SRC" \
  "{type: postgresql, host: 127.0.0.1, port: $PG_TGT_PORT, database: sbtest, user: postgres}" > "$JOB"
pg_tgt -d postgres -c "DROP DATABASE IF EXISTS sbtest WITH (FORCE)" -c "CREATE DATABASE sbtest" >/dev/null
if [ "$DIR" = pg-pg ]; then
  pg_src -d sbtest -At -c "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name LIKE 'dbmove%'" >/dev/null
  pg_src -d sbtest -At -c "DROP PUBLICATION IF EXISTS dbmove_bench_cdc_pg_pg" >/dev/null
fi

PORT=$(free_port)
PEAK=0
metric() { curl -s "http://127.0.0.1:$PORT/metrics" 2>/dev/null || true; }
applied() { metric | awk '/^dbmove_events_applied_total\{/ {s+=$NF} END {printf "%d", s}'; }
sample_heap() {
  local h; h=$(metric | awk '/^jvm_memory_used_bytes\{area="heap"/ {s+=$NF} END {printf "%d", s/1048576}')
  [ -n "$h" ] && [ "$h" -gt "$PEAK" ] && PEAK=$h; true
}
start_dbmove() { # log
  DBMOVE_NO_BUILD=1 DBMOVE_JAVA_OPTS="$HEAP" "$ROOT/dbmove" replicate --config "$JOB" --metrics-port "$PORT" >> "$1" 2>&1 &
  DBMOVE_PID=$!
  until metric | grep -q dbmove_lag_seconds; do alive; sleep 0.2; done
}
alive() { kill -0 "$DBMOVE_PID" 2>/dev/null || { echo "dbmove exited; the end of its log:" >&2; tail -20 "$LOG" >&2; exit 1; }; }
stop_dbmove() { kill -TERM "$DBMOVE_PID"; wait "$DBMOVE_PID" || true; }
lag_zero() { metric | awk '/^dbmove_lag_seconds / {exit !($2 == 0)}'; }
sb() { sysbench oltp_write_only $SB --tables=8 --table-size=500000 "$@"; }

# A heartbeat row (the pt-heartbeat method): during the live phase the source's clock is written into it every
# 0.1 s, and the target is asked every second how old the copy it holds is. That is the lag an application would
# see, measured outside dbmove, to the millisecond (dbmove's own lag metric on a MariaDB source rests on the
# binlog's whole-second commit times).
if [ "$DIR" = pg-pg ]; then
  pg_src -d sbtest -c "DROP TABLE IF EXISTS bench_heartbeat" -c "CREATE TABLE bench_heartbeat (id INT PRIMARY KEY, t DECIMAL(17,6) NOT NULL)" \
    -c "INSERT INTO bench_heartbeat VALUES (1, EXTRACT(EPOCH FROM clock_timestamp()))"
  BEAT="UPDATE bench_heartbeat SET t = EXTRACT(EPOCH FROM clock_timestamp()) WHERE id = 1;"
  beat_client() { pg_src -d sbtest >/dev/null; }
else
  mdb_src sbtest -e "DROP TABLE IF EXISTS bench_heartbeat; CREATE TABLE bench_heartbeat (id INT PRIMARY KEY, t DECIMAL(17,6) NOT NULL);
    INSERT INTO bench_heartbeat VALUES (1, UNIX_TIMESTAMP(NOW(6)))"
  BEAT="UPDATE bench_heartbeat SET t = UNIX_TIMESTAMP(NOW(6)) WHERE id = 1;"
  beat_client() { mdb_src sbtest; }
fi
drop_heartbeat() {
  if [ "$DIR" = pg-pg ]; then pg_src -d sbtest -c "DROP TABLE IF EXISTS bench_heartbeat"; else mdb_src sbtest -e "DROP TABLE IF EXISTS bench_heartbeat"; fi
}
trap drop_heartbeat EXIT
heartbeat_age() { pg_tgt -d sbtest -At -c "SELECT EXTRACT(EPOCH FROM clock_timestamp()) - t FROM bench_heartbeat WHERE id = 1" 2>/dev/null || true; }

echo "== $DIR: full load, then stop at lag 0 (JVM options: ${HEAP:-the launcher default})"
LOG=$WORK/$DIR.log; : > "$LOG"
t0=$(now); start_dbmove "$LOG"
until grep -q "full load done" "$LOG"; do alive; sample_heap; sleep 0.5; done
echo "full load: $(echo "$(now) - $t0" | bc | xargs printf %.1f) s; $(grep 'full load done' "$LOG" | tail -1)"
until lag_zero; do alive; sample_heap; sleep 0.5; done
stop_dbmove

echo "== catch-up: $BACKLOG_TX sysbench transactions ($((BACKLOG_TX * 4)) row changes) written while dbmove is stopped"
sb --threads=4 --time=0 --events="$BACKLOG_TX" run > "$WORK/$DIR-backlog.sysbench"
grep -E 'transactions:|queries:' "$WORK/$DIR-backlog.sysbench" | sed 's/^ */  sysbench /'
CHANGES=$((BACKLOG_TX * 4))
t0=$(now); start_dbmove "$LOG"
BASE=$(applied)
first=""; last_growth=""; last=$BASE
# Done when every change is applied; a PostgreSQL source may report a few less (sysbench's delete of a row another
# thread deleted first changes nothing): then done when the lag is 0 and nothing more arrives for 3 s.
while :; do
  alive; a=$(applied); sample_heap
  [ -z "$first" ] && [ "$a" -gt "$BASE" ] && first=$(now)
  if [ "$a" -gt "$last" ]; then last=$a; last_growth=$(now); fi
  [ $((a - BASE)) -ge "$CHANGES" ] && break
  if [ -n "$last_growth" ] && [ $((a - BASE)) -ge $((CHANGES * 99 / 100)) ] && lag_zero \
     && [ "$(echo "$(now) - $last_growth > 3" | bc)" = 1 ]; then break; fi
  sleep 0.2
done
t1=${last_growth:-$(now)}
CHANGES=$((last - BASE))
awk -v c="$CHANGES" -v a="$t0" -v f="$first" -v b="$t1" 'BEGIN {
  printf "catch-up: %d row changes applied in %.1f s from the first applied change (%.0f/s), %.1f s from the launch (%.0f/s)\n",
         c, b - f, c / (b - f), b - a, c / (b - a) }'

# The live phase starts from a drained stream, so its first lag samples do not carry the catch-up.
until lag_zero; do alive; sleep 0.5; done
if [ "$LIVE_SECONDS" -gt 0 ]; then
echo "== live: $LIVE_TPS transactions/s ($((LIVE_TPS * 4)) row changes/s) for $LIVE_SECONDS s"
: > "$WORK/$DIR-lag.txt"; : > "$WORK/$DIR-heartbeat.txt"; rm -f "$WORK/beat.stop"
( while [ ! -f "$WORK/beat.stop" ] && sleep 0.1; do echo "$BEAT"; done ) | beat_client &
BEATPID=$!
# Sampling starts once the target holds a fresh beat (before that it holds the row as the full load copied it).
until [ "$(heartbeat_age | awk '{print ($1 < 2)}')" = 1 ]; do alive; sleep 0.2; done
BASE=$(applied); t0=$(now)
sb --threads=4 --time="$LIVE_SECONDS" --rate="$LIVE_TPS" run > "$WORK/$DIR-live.sysbench" &
SBPID=$!
while kill -0 "$SBPID" 2>/dev/null; do
  metric | awk '/^dbmove_lag_seconds / {print $2}' >> "$WORK/$DIR-lag.txt"; sample_heap
  heartbeat_age >> "$WORK/$DIR-heartbeat.txt"
  sleep 1
done
t1=$(now)
touch "$WORK/beat.stop"; wait "$BEATPID" || true
until lag_zero; do sleep 0.5; done
A=$(( $(applied) - BASE ))
grep -E 'transactions:' "$WORK/$DIR-live.sysbench" | sed 's/^ */  sysbench /'
sort -n "$WORK/$DIR-lag.txt" | awk -v a="$A" -v s="$(echo "$t1 - $t0" | bc)" '{v[NR]=$1} END {
  p50 = v[int(NR * 0.50) > 0 ? int(NR * 0.50) : 1]; p99 = v[int(NR * 0.99) > 0 ? int(NR * 0.99) : 1];
  printf "live: %d samples of dbmove_lag_seconds: p50 %.2f s, p99 %.2f s, max %.2f s; %d row changes applied, %.0f/s\n", NR, p50, p99, v[NR], a, a / s }'
sort -n "$WORK/$DIR-heartbeat.txt" | awk '/^[0-9.-]+$/ {v[++n]=$1} END {
  p50 = v[int(n * 0.50) > 0 ? int(n * 0.50) : 1]; p99 = v[int(n * 0.99) > 0 ? int(n * 0.99) : 1];
  printf "live: %d heartbeat samples (age of the source clock the target holds, written every 0.1 s): p50 %.3f s, p99 %.3f s, max %.3f s\n", n, p50, p99, v[n] }'
fi

if [ "$BIG_TX" = 1 ]; then
  echo "== one transaction updating every row of the 8 tables"
  SQL="BEGIN; $(for t in 1 2 3 4 5 6 7 8; do printf 'UPDATE sbtest%d SET k = k + 1; ' "$t"; done) COMMIT;"
  COUNT_SQL="SELECT $(for t in 1 2 3 4 5 6 7 8; do printf '(SELECT COUNT(*) FROM sbtest%d)' "$t"; if [ $t -lt 8 ]; then printf ' + '; fi; done)"
  if [ "$DIR" = pg-pg ]; then ROWS=$(pg_src -d sbtest -At -c "$COUNT_SQL"); else ROWS=$(mdb_src -N sbtest -e "$COUNT_SQL"); fi
  BASE=$(applied); PEAK_BEFORE=$PEAK; PEAK=0
  t0=$(now)
  if [ "$DIR" = pg-pg ]; then pg_src -d sbtest -c "$SQL"; else mdb_src sbtest -e "$SQL"; fi
  tc=$(now)
  while [ $(( $(applied) - BASE )) -lt "$ROWS" ]; do alive; sample_heap; sleep 0.2; done
  t1=$(now)
  awk -v r="$ROWS" -v a="$t0" -v c="$tc" -v b="$t1" -v h="$PEAK" 'BEGIN {
    printf "big transaction: %d row changes; source statement %.1f s; applied %.1f s after its commit (%.0f/s); peak heap meanwhile %d MB\n",
           r, c - a, b - c, r / (b - c), h }'
  [ "$PEAK_BEFORE" -gt "$PEAK" ] && PEAK=$PEAK_BEFORE
fi
stop_dbmove
echo "peak heap in use: $PEAK MB (JVM options: ${HEAP:-the launcher default})"
