#!/usr/bin/env bash
# Full-load speed of dbmove on the lab's 4,000,000-row sysbench dataset (8 x 500k, about 1 GB), and with
# --compare the peer a user would otherwise pick for the same direction, run on the same data in the same run.
#
#   ../shared/lab/start.sh && ../shared/lab/dataset.sh      # once: four servers and the dataset in both sources
#   bench/fullload.sh [--compare] [RUNS]                    # RUNS per direction (default 1); DIRECTIONS to choose
#
# Directions (DIRECTIONS="maria-pg maria-maria pg-pg" by default) and their peers:
#   maria-pg     MariaDB -> PostgreSQL    pgloader
#   maria-maria  MariaDB -> MariaDB       mydumper -t 2 / myloader -t 2
#   pg-pg        PostgreSQL -> PostgreSQL pgcopydb clone
#
# dbmove's time runs from the launch of `dbmove replicate` (JVM start included, as the peers' include theirs) to
# its "full load done" line; then it is stopped (SIGTERM). Peak heap is the largest heap in use the replicator's
# metrics endpoint showed (sampled every 0.5 s), peak RSS is /usr/bin/time's. Every run starts from an empty
# target database and, for a PostgreSQL source, without the job's slot. Prints one line per run and the medians;
# results also go to $LAB/results/bench-fullload.csv.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
LABDIR=${LABDIR:-$ROOT/../shared/lab}
. "$LABDIR/env.sh"
export PATH=$PGBIN:$PATH

COMPARE=0
if [ "${1:-}" = "--compare" ]; then COMPARE=1; shift; fi
RUNS=${1:-1}
DIRECTIONS=${DIRECTIONS:-"maria-pg maria-maria pg-pg"}
HEAP=${DBMOVE_BENCH_HEAP:-}   # empty: the launcher's default (512 MB)
WORK=$LAB/work/bench-fullload; mkdir -p "$WORK"
CSVOUT=$RESULTS/bench-fullload.csv
[ -f "$CSVOUT" ] || echo "when,direction,tool,run,wall_s,rows,peak_heap_mb,peak_rss_mb" > "$CSVOUT"
ROWS_EXPECTED=$(mdb_src -N sbtest -e "SELECT SUM(TABLE_ROWS) FROM information_schema.TABLES WHERE TABLE_SCHEMA='sbtest'")
DATA_MB=$(mdb_src -N sbtest -e "SELECT ROUND(SUM(DATA_LENGTH)/1048576) FROM information_schema.TABLES WHERE TABLE_SCHEMA='sbtest'")

now() { date +%s.%N; }
# The launcher makes its class-data archive on the first start after a build (a few seconds): not in a timing.
DBMOVE_NO_BUILD=1 "$ROOT/dbmove" --version > /dev/null
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

reset_target() { # direction
  case $1 in
    *-pg) pg_tgt -d postgres -c "DROP DATABASE IF EXISTS sbtest WITH (FORCE)" -c "CREATE DATABASE sbtest" >/dev/null ;;
    *-maria) mdb_tgt -e "DROP DATABASE IF EXISTS sbtest; DROP DATABASE IF EXISTS dbmove_bench_$(echo "$1" | tr - _); CREATE DATABASE sbtest" ;;
  esac
  case $1 in
    pg-*) pg_src -d sbtest -At -c "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name LIKE 'dbmove%'" >/dev/null
          pg_src -d sbtest -At -c "DROP PUBLICATION IF EXISTS dbmove_bench_pg_pg" >/dev/null ;;
  esac
}

job_file() { # direction
  local src tgt
  case $1 in
    maria-*) src="{type: mariadb, host: 127.0.0.1, port: $MDB_SRC_PORT, database: sbtest, user: root}" ;;
    pg-*) src="{type: postgresql, host: 127.0.0.1, port: $PG_SRC_PORT, database: sbtest, user: postgres}" ;;
  esac
  case $1 in
    *-pg) tgt="{type: postgresql, host: 127.0.0.1, port: $PG_TGT_PORT, database: sbtest, user: postgres}" ;;
    *-maria) tgt="{type: mariadb, host: 127.0.0.1, port: $MDB_TGT_PORT, database: sbtest, user: root}" ;;
  esac
  printf 'job: bench-%s\nsource: %s\ntarget: %s\n' "$1" "$src" "$tgt" > "$WORK/$1.yaml"
  echo "$WORK/$1.yaml"
}

target_rows() { # direction
  local sum
  sum=$(for i in $(seq 1 8); do printf '(SELECT COUNT(*) FROM sbtest%d)+' "$i"; done)0
  case $1 in
    *-pg) pg_tgt -d sbtest -At -c "SELECT $sum" ;;
    *-maria) mdb_tgt -N sbtest -e "SELECT $sum" ;;
  esac
}

# One dbmove full load: prints "wall rows peak_heap_mb peak_rss_mb".
dbmove_run() { # direction run
  local dir=$1 run=$2 job port log timef pid t0 t1 heap=0 h
  reset_target "$dir"
  job=$(job_file "$dir")
  port=$(free_port)
  log=$WORK/$dir-$run.log; timef=$WORK/$dir-$run.time
  sync; sleep 2
  : > "$log"
  t0=$(now)
  DBMOVE_NO_BUILD=1 DBMOVE_JAVA_OPTS="$HEAP" /usr/bin/time -v -o "$timef" \
    "$ROOT/dbmove" replicate --config "$job" --metrics-port "$port" > "$log" 2>&1 &
  pid=$!
  while ! grep -q "full load done" "$log"; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "dbmove replicate ended before the full load was done:" >&2; tail -20 "$log" >&2; return 1; fi
    h=$({ curl -s "http://127.0.0.1:$port/metrics" 2>/dev/null || true; } \
        | awk '/^jvm_memory_used_bytes\{area="heap"/ {s+=$NF} END {printf "%d", s/1048576}')
    [ -n "$h" ] && [ "$h" -gt "$heap" ] && heap=$h
    sleep 0.5
  done
  t1=$(now)
  # time(1) runs the launcher, which execs the JVM: stop the JVM, then wait for time(1)
  pkill -TERM -f -- "-jar .*replicate --config $job" || true
  wait "$pid" || true
  local rss rows
  rss=$(awk -F': ' '/Maximum resident/{printf "%d", $2/1024}' "$timef")
  rows=$(target_rows "$dir")
  echo "$(echo "$t1 - $t0" | bc) $rows $heap $rss"
}

peer_of() { case $1 in maria-pg) echo pgloader ;; maria-maria) echo mydumper ;; pg-pg) echo pgcopydb ;; esac; }

# One peer run through the lab's script: prints "wall rows".
peer_run() { # direction
  local tool; tool=$(peer_of "$1")
  TABLES=8 "$LABDIR/fullload.sh" "$tool" 1 | tail -1 | awk -F, '{print $3, $4}'
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }

stamp=$(date -u +%Y-%m-%dT%H:%MZ)
echo "dataset: $ROWS_EXPECTED rows (estimate), $DATA_MB MB of InnoDB data; dbmove JVM options: ${HEAP:-the launcher default}; $RUNS run(s) per direction"
for dir in $DIRECTIONS; do
  : > "$WORK/$dir.dbmove"; : > "$WORK/$dir.peer"
  for run in $(seq 1 "$RUNS"); do
    read -r wall rows heap rss < <(dbmove_run "$dir" "$run")
    echo "$stamp,$dir,dbmove,$run,$wall,$rows,$heap,$rss" >> "$CSVOUT"
    echo "$wall" >> "$WORK/$dir.dbmove"
    awk -v d="$dir" -v r="$run" -v w="$wall" -v n="$rows" -v h="$heap" -v m="$rss" -v mb="$DATA_MB" \
      'BEGIN { printf "dbmove   %-12s run %d: %6.1f s  %9d rows  %7.0f rows/s  %5.1f MB/s  peak heap %d MB  peak RSS %d MB\n", d, r, w, n, n/w, mb/w, h, m }'
    if [ "$COMPARE" = 1 ]; then
      read -r pwall prows < <(peer_run "$dir")
      echo "$stamp,$dir,$(peer_of "$dir"),$run,$pwall,$prows,," >> "$CSVOUT"
      echo "$pwall" >> "$WORK/$dir.peer"
      awk -v d="$dir" -v r="$run" -v w="$pwall" -v n="$prows" -v t="$(peer_of "$dir")" \
        'BEGIN { printf "%-8s %-12s run %d: %6.1f s  %9d rows  %7.0f rows/s\n", t, d, r, w, n, n/w }'
    fi
  done
  m=$(median < "$WORK/$dir.dbmove")
  if [ "$COMPARE" = 1 ]; then
    p=$(median < "$WORK/$dir.peer")
    awk -v d="$dir" -v m="$m" -v p="$p" -v t="$(peer_of "$dir")" \
      'BEGIN { printf "median %-12s dbmove %.1f s, %s %.1f s: dbmove takes %.2fx the time of %s\n", d, m, t, p, m/p, t }'
  else
    echo "median $dir dbmove $m s"
  fi
done
