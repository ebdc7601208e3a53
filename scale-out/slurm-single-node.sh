#!/usr/bin/env bash
# Brings up a one-node Slurm cluster on this machine from Debian's slurm-wlm and munge, submits
# onestop-shards.sbatch as an array of 4 shard tasks, merges the shards and compares every file
# byte for byte with one process running all replications. Not part of `make test` (it installs
# packages and starts daemons); run it as root from anywhere:
#
#   scale-out/slurm-single-node.sh [SCENARIO] [REPLICATIONS]     (default: scenarios/feedback-network.yaml 8)
#   scale-out/slurm-single-node.sh --sweep [SCENARIO DESIGN] [REPLICATIONS]
#         (a sweep through onestop-sweep-shards.sbatch; default: scenarios/campus-baseline.yaml
#          scenarios/sweeps/staffing.yaml 2)
#
# The cluster's configuration, state and logs live in a temporary directory; the daemons it
# started (munged only if none was running, slurmctld, slurmd) are stopped at the end, by their
# pid files. /etc is not changed, apart from what installing the packages does.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
sweep=no
if [ "${1:-}" = --sweep ]; then
    sweep=yes
    shift
    scenario=${1:-scenarios/campus-baseline.yaml}
    design=${2:-scenarios/sweeps/staffing.yaml}
    replications=${3:-2}
else
    scenario=${1:-scenarios/feedback-network.yaml}
    replications=${2:-8}
fi
shards=4
bin=${ONESTOP:-$root/.build/release/onestop}
cd "$root"

log() { printf '== %s\n' "$*"; }

[ "$(id -u)" -eq 0 ] || { echo "run as root (it installs packages and starts daemons)" >&2; exit 2; }
[ -x "$bin" ] || { log "building onestop"; make build >/dev/null; }

if ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
    log "installing slurm-wlm and munge"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
fi

work=$(mktemp -d /tmp/onestop-slurm.XXXXXX)
chmod 755 "$work"
started_munge=no
cleanup() {
    for daemon in slurmd slurmctld; do
        [ -f "$work/$daemon.pid" ] && kill "$(cat "$work/$daemon.pid")" 2>/dev/null || true
    done
    if [ "$started_munge" = yes ] && [ -f /run/munge/munged.pid ]; then
        kill "$(cat /run/munge/munged.pid)" 2>/dev/null || true
    fi
}
trap cleanup EXIT

# munge: Slurm's authentication. The package made a key; the daemon runs as the munge user.
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    log "starting munged"
    install -d -o munge -g munge -m 0755 /run/munge
    runuser -u munge -- /usr/sbin/munged
    started_munge=yes
    for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
fi

host=$(hostname -s)
cpus=$(nproc)
memory=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))
mkdir -p "$work/state" "$work/spool" "$work/parts" "$work/whole" "$work/merged"
cat > "$work/slurm.conf" <<CONF
ClusterName=onestop-local
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$work/slurm.conf

log "starting slurmctld and slurmd ($work)"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 100); do
    state=$(sinfo -h -n "$host" -o %t 2>/dev/null || true)
    [ "$state" = idle ] && break
    sleep 0.2
done
sinfo
[ "$state" = idle ] || { echo "the node did not come up (state '$state'); see $work/slurmd.log" >&2; exit 1; }

start=$(date +%s%N)
if [ $sweep = yes ]; then
    log "submitting an array of $shards sweep shard tasks: $scenario × $design, $replications replications"
    jid=$(ONESTOP=$bin sbatch --parsable --wait --array=0-$((shards - 1)) --chdir="$root" \
          --output="$work/task-%A_%a.out" --export=ALL \
          scale-out/onestop-sweep-shards.sbatch "$scenario" "$design" "$work/parts" --replications "$replications")
else
    log "submitting an array of $shards shard tasks: $scenario, $replications replications"
    jid=$(ONESTOP=$bin sbatch --parsable --wait --array=0-$((shards - 1)) --chdir="$root" \
          --output="$work/task-%A_%a.out" --export=ALL \
          scale-out/onestop-shards.sbatch "$scenario" "$work/parts" --replications "$replications")
fi
array_ms=$(( ($(date +%s%N) - start) / 1000000 ))
ls "$work/parts"
cat "$work"/task-*.out 2>/dev/null || true

log "merging"
"$bin" merge "$work/parts" --out "$work/merged" --quiet

log "one process running all $replications replications"
start=$(date +%s%N)
if [ $sweep = yes ]; then
    "$bin" sweep "$scenario" "$design" --replications "$replications" --jobs 1 --out "$work/whole" --quiet
else
    "$bin" run "$scenario" --replications "$replications" --jobs 1 --out "$work/whole" --quiet
fi
whole_ms=$(( ($(date +%s%N) - start) / 1000000 ))

log "comparing"
status=0
for f in "$work"/whole/*; do
    name=$(basename "$f")
    if cmp -s "$f" "$work/merged/$name"; then echo "identical: $name"; else echo "DIFFERENT: $name"; status=1; fi
done
[ "$(ls "$work/whole")" = "$(ls "$work/merged")" ] || { echo "DIFFERENT file lists"; status=1; }
echo "slurm job $jid: $shards tasks in ${array_ms} ms (submission to completion, sbatch --wait polls); one process: ${whole_ms} ms"
echo "Slurm $(sinfo -V | awk '{print $2}'), $cpus CPUs; results in $work"
[ $status -eq 0 ] && echo "RESULT: merged shards are byte-identical to the single-process run" || echo "RESULT: MISMATCH"
exit $status
