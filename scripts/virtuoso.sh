#!/usr/bin/env bash
# Virtuoso 7 from Debian's packages, for the tests, the benchmark and
# `delicacy load`: installs the package if missing and runs private instances
# bound to 127.0.0.1 only.
#   scripts/virtuoso.sh install
#   scripts/virtuoso.sh serve DIR HTTP_PORT SQL_PORT [BUFFERS]   an instance on DIR (kept if it exists), empty when new
#   scripts/virtuoso.sh start DIR DUMP.nq HTTP_PORT SQL_PORT       a fresh instance with DUMP loaded (the benchmark's)
#   scripts/virtuoso.sh stop DIR
# BUFFERS is Virtuoso's NumberOfBuffers (8 kB pages of cache; default 340000, about 2.7 GB at most).
set -euo pipefail
cmd=${1:-}; dir=${2:-}

install() {
  command -v virtuoso-t >/dev/null 2>&1 && return 0
  echo "Installing Debian's virtuoso-opensource-7-bin..." >&2
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo -n"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends virtuoso-opensource-7-bin >&2
}

serve() {
  local http=$1 sql=$2 buffers=${3:-340000}
  install
  mkdir -p "$dir/load"
  local dirty=$(( buffers * 3 / 4 ))
  cat > "$dir/virtuoso.ini" <<INI
[Database]
DatabaseFile = $dir/virtuoso.db
ErrorLogFile = $dir/virtuoso.log
LockFile = $dir/virtuoso.lck
TransactionFile = $dir/virtuoso.trx
xa_persistent_file = $dir/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = $dir/virtuoso-temp.db
TransactionFile = $dir/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:$sql
ServerThreads = 20
CheckpointInterval = 0
NumberOfBuffers = $buffers
MaxDirtyBuffers = $dirty
MaxQueryMem = 2G
DirsAllowed = ., $dir/load
ThreadCleanupInterval = 0
ThreadThreshold = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize = 100000
SingleCPU = 0
VADInstallDir = /usr/share/virtuoso-opensource-7/vad/
[HTTPServer]
ServerPort = 127.0.0.1:$http
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 20
MaxClientConnections = 64
MaxKeepAlives = 64
KeepAliveTimeout = 10
EnableRequestTrap = 0
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 60
DefaultQuery = SELECT * WHERE { ?s ?p ?o } LIMIT 10
[Plugins]
LoadPath = /usr/lib/virtuoso-opensource-7/hosting
INI
  (cd "$dir" && virtuoso-t -c "$dir/virtuoso.ini" +wait >&2)
  pgrep -f "virtuoso-t -c $dir/virtuoso.ini" | head -1 > "$dir/virtuoso.pid"
}

case "$cmd" in
  install) install ;;
  serve) serve "$3" "$4" "${5:-340000}"; echo "ready" ;;
  start)
    dump=$3; http=$4; sql=$5
    rm -rf "$dir"; mkdir -p "$dir/load"
    cp "$dump" "$dir/load/data.nq"
    serve "$http" "$sql"
    isql-vt "127.0.0.1:$sql" dba dba exec="ld_dir('$dir/load', 'data.nq', 'urn:x-delicacy:default'); rdf_loader_run(); checkpoint;" >&2
    isql-vt "127.0.0.1:$sql" dba dba exec="SELECT COUNT(*) FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;" >&2
    echo "ready" ;;
  stop)
    [ -f "$dir/virtuoso.pid" ] || exit 0
    pid=$(cat "$dir/virtuoso.pid")
    kill "$pid" 2>/dev/null || exit 0
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true ;;
  *) echo "usage: scripts/virtuoso.sh install | serve DIR HTTP SQL [BUFFERS] | start DIR DUMP HTTP SQL | stop DIR" >&2; exit 2 ;;
esac
