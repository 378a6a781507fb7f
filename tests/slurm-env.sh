# A private single-node SLURM cluster for the launcher tests.
#
#   . "$top_srcdir/tests/slurm-env.sh"
#   slurm_start || skip "$slurm_why"    # sets SLURM_CONF, exports it
#   ... srun ...
#   slurm_stop                           # also run by the EXIT trap
#
# munged, slurmctld and slurmd run from a temporary directory with their
# own key, socket, ports and spool, as the user running the tests (root in
# CI), so nothing of the machine's own configuration is touched. Where the
# daemons cannot start (not root, not installed, no name for this host),
# slurm_start returns 1 and says why in $slurm_why.
slurm_dir=
slurm_why=

slurm_stop() {
	[ -n "$slurm_dir" ] || return 0
	for f in "$slurm_dir"/slurmd.pid "$slurm_dir"/slurmctld.pid; do
		[ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null
	done
	[ -S "$slurm_dir/munge.sock" ] &&
		munged --stop --socket="$slurm_dir/munge.sock" >/dev/null 2>&1
	# Give them a moment, then make sure.
	for f in "$slurm_dir"/slurmd.pid "$slurm_dir"/slurmctld.pid "$slurm_dir"/munged.pid; do
		[ -f "$f" ] || continue
		p=$(cat "$f")
		i=0
		while kill -0 "$p" 2>/dev/null && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
		kill -9 "$p" 2>/dev/null
	done
	rm -rf "$slurm_dir"
	slurm_dir=
}

slurm_start() {
	for prog in munged slurmctld slurmd srun sinfo; do
		command -v $prog >/dev/null 2>&1 || PATH=$PATH:/usr/sbin
		if ! command -v $prog >/dev/null 2>&1; then
			slurm_why="$prog is not installed (Debian: slurmd slurmctld slurm-client munge)"
			return 1
		fi
	done
	if [ "$(id -u)" != 0 ]; then
		slurm_why="a private slurmd must run as root (this is uid $(id -u))"
		return 1
	fi
	host=$(hostname -s 2>/dev/null || hostname)
	if [ -z "$host" ]; then
		slurm_why="this host has no name for slurm.conf"
		return 1
	fi
	slurm_dir=$(mktemp -d /tmp/hpct-slurm.XXXXXX) || { slurm_why="mktemp failed"; return 1; }
	chmod 755 "$slurm_dir"
	trap 'slurm_stop' EXIT
	mkdir "$slurm_dir/state" "$slurm_dir/spool"
	dd if=/dev/urandom of="$slurm_dir/munge.key" bs=128 count=1 2>/dev/null
	chmod 600 "$slurm_dir/munge.key"
	port=$((20000 + ($$ % 5000) * 2))
	cat > "$slurm_dir/slurm.conf" <<CONF
ClusterName=hpcttest
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$slurm_dir/munge.sock
CredType=cred/munge
StateSaveLocation=$slurm_dir/state
SlurmdSpoolDir=$slurm_dir/spool
SlurmctldPidFile=$slurm_dir/slurmctld.pid
SlurmdPidFile=$slurm_dir/slurmd.pid
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmctldLogFile=$slurm_dir/slurmctld.log
SlurmdLogFile=$slurm_dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/builtin
MpiDefault=pmi2
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
	SLURM_CONF=$slurm_dir/slurm.conf
	export SLURM_CONF
	if ! munged -f --socket="$slurm_dir/munge.sock" --key-file="$slurm_dir/munge.key" \
		--log-file="$slurm_dir/munged.log" --pid-file="$slurm_dir/munged.pid" \
		--seed-file="$slurm_dir/munged.seed" >/dev/null 2>&1; then
		slurm_why="munged did not start: $(tail -1 "$slurm_dir/munged.log" 2>/dev/null)"
		return 1
	fi
	if ! slurmctld >/dev/null 2>&1 || ! slurmd >/dev/null 2>&1; then
		slurm_why="slurmctld or slurmd did not start: $(tail -2 "$slurm_dir"/slurm*.log 2>/dev/null | tr '\n' ' ')"
		return 1
	fi
	i=0
	while [ $i -lt 300 ]; do
		if sinfo -h -o %t 2>/dev/null | grep -q idle; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	slurm_why="the node did not come up in 30 s: $(sinfo -h 2>&1 | head -1); $(tail -2 "$slurm_dir/slurmctld.log" 2>/dev/null | tr '\n' ' ')"
	return 1
}
