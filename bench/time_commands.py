"""Times shell commands by their median wall time over repeated runs, for `make bench`."""
import statistics
import subprocess
import sys
import time


def median_seconds(command, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, shell=True, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


if __name__ == "__main__":
    # usage: time_commands.py RUNS LABEL=COMMAND PEER_LABEL=PEER_COMMAND
    runs = int(sys.argv[1])
    (label, command), (peer_label, peer) = (arg.split("=", 1) for arg in sys.argv[2:4])
    ours, theirs = median_seconds(command, runs), median_seconds(peer, runs)
    print(f"  {label}: {ours * 1000:.1f} ms   {peer_label}: {theirs * 1000:.1f} ms   "
          f"ratio {theirs / ours:.2f}x (>1 means paramrun is faster)")
