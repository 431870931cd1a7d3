#!/usr/bin/env bash
# Virtuoso 7 for the benchmark: installs Debian's package if missing, runs a
# private instance bound to 127.0.0.1 only, loads an N-Quads dump, stops it.
#   scripts/virtuoso.sh start DIR DUMP.nq HTTP_PORT SQL_PORT
#   scripts/virtuoso.sh stop DIR
set -euo pipefail
cmd=$1; dir=$2
if [ "$cmd" = stop ]; then
  if [ -f "$dir/virtuoso.pid" ]; then kill "$(cat "$dir/virtuoso.pid")" 2>/dev/null || true; fi
  for _ in $(seq 1 50); do [ -f "$dir/virtuoso.lck" ] || break; sleep 0.2; done
  exit 0
fi
dump=$3; http=$4; sql=$5
if ! command -v virtuoso-t >/dev/null 2>&1; then
  echo "Installing Debian's virtuoso-opensource-7-bin..." >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo -n"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends virtuoso-opensource-7-bin >&2
fi
rm -rf "$dir"; mkdir -p "$dir/load"
cp "$dump" "$dir/load/data.nq"
threads=$(nproc)
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
NumberOfBuffers = 340000
MaxDirtyBuffers = 250000
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
cd "$dir"
virtuoso-t -c "$dir/virtuoso.ini" +wait >&2
pgrep -f "virtuoso-t -c $dir/virtuoso.ini" | head -1 > "$dir/virtuoso.pid"
isql-vt "127.0.0.1:$sql" dba dba exec="ld_dir('$dir/load', 'data.nq', 'urn:x-delicacy:default'); rdf_loader_run(); checkpoint;" >&2
isql-vt "127.0.0.1:$sql" dba dba exec="SELECT COUNT(*) FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;" >&2
echo "ready"
