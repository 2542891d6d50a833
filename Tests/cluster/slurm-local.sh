#!/usr/bin/env bash
# A one-node Slurm (munge + slurmctld + slurmd) on localhost in a scratch folder, for the cluster tests.
#   slurm-local.sh start   starts it (idempotent) and prints SLURM_CONF=<path>
#   slurm-local.sh stop    stops the daemons by their PID files and waits for the ports to free
#   slurm-local.sh status  prints sinfo's view
# Installs nothing: `make test-cluster` installs the packages. Exports nothing: callers set SLURM_CONF.
set -euo pipefail

DIR=${SLURM_LOCAL_DIR:-/tmp/paramrun-slurm}
CONF=$DIR/slurm.conf
export SLURM_CONF=$CONF

die() { echo "slurm-local: $*" >&2; exit 1; }

alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

write_conf() {
    mkdir -p "$DIR"/{munge,state,spool,log}
    # munged refuses a socket folder others cannot traverse.
    chmod 755 "$DIR" "$DIR/munge"
    cat > "$CONF" <<CONF
ClusterName=ci
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$DIR/munge/munge.socket.2
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/log/jobcomp.txt
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
DependencyParameters=kill_invalid_depend
SchedulerParameters=batch_sched_delay=0
MinJobAge=86400
EnforcePartLimits=ALL
ReturnToService=2
MpiDefault=none
MailProg=/bin/true
NodeName=localhost CPUs=$(nproc) RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
}

start() {
    for tool in munged mungekey slurmctld slurmd sinfo; do
        command -v "$tool" >/dev/null || die "$tool is not installed (make test-cluster installs it)"
    done
    if alive "$DIR/slurmctld.pid" && alive "$DIR/slurmd.pid" && alive "$DIR/munged.pid"; then
        echo "SLURM_CONF=$CONF"
        return
    fi
    stop >/dev/null 2>&1 || true
    # A fresh controller each time: no jobs of an earlier session come back from saved state.
    rm -rf "$DIR/state" "$DIR/spool"
    write_conf
    [[ -f $DIR/munge/munge.key ]] || mungekey -c -k "$DIR/munge/munge.key"
    chmod 600 "$DIR/munge/munge.key"
    munged --key-file="$DIR/munge/munge.key" --socket="$DIR/munge/munge.socket.2" \
        --pid-file="$DIR/munged.pid" --seed-file="$DIR/munge/munge.seed" --log-file="$DIR/log/munged.log"
    slurmctld -c
    slurmd -N localhost
    for _ in $(seq 1 100); do
        if [[ $(sinfo -h -n localhost -o %t 2>/dev/null) == idle ]]; then
            echo "SLURM_CONF=$CONF"
            return
        fi
        sleep 0.2
    done
    tail -n 20 "$DIR"/log/*.log >&2 || true
    die "the node did not become idle within 20 s; logs are in $DIR/log"
}

stop() {
    local pids=() name pid
    for name in slurmd slurmctld munged; do
        if alive "$DIR/$name.pid"; then
            pid=$(cat "$DIR/$name.pid")
            kill -TERM "$pid" && pids+=("$pid")
        fi
    done
    # A daemon needs a few seconds to exit, and its port is busy until it has.
    for _ in $(seq 1 100); do
        local left=0
        for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && left=1; done
        (( left == 0 )) && break
        sleep 0.2
    done
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null; done
    rm -f "$DIR"/{slurmd,slurmctld,munged}.pid
    for _ in $(seq 1 50); do
        ss -ltn 2>/dev/null | grep -qE ':681[78]\b' || break
        sleep 0.2
    done
    echo "slurm-local: stopped"
}

case ${1:-} in
    start) start ;;
    stop) stop ;;
    status) sinfo ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
