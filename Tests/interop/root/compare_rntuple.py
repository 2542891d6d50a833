"""Compares every field of every RNTuple in the given files with uproot + awkward, value for value:
`paramrun inspect FILE --tree NAME --dump FIELD` prints one entry a line (a value, or `[v1,v2,...]` for a list)
in shortest round-trip text, which must parse back to uproot's bits. Fields paramrun lists as unsupported must
say why; the supported ones must be every field uproot reads as numbers, one level of lists at most.
Prints `N passed, M failed`. Usage: compare_rntuple.py PARAMRUN FILE.root..."""
import subprocess
import sys

import awkward as ak
import numpy as np
import uproot
from tally import Tally


def parse(text, dtype):
    items = [s for s in text.split(",") if s]
    if dtype.kind == "b":
        return np.array([s == "1" for s in items], dtype=bool)
    if dtype.kind in "iu":
        return np.array([int(s) for s in items], dtype=dtype)
    return np.array([float(s) for s in items], dtype=np.float64).astype(dtype)


def uproot_key(ntuple, name):
    """paramrun keeps ROOT's `_0`, `_1` member names of tuples; uproot calls them `0`, `1`."""
    if name in ntuple.keys():
        return name
    alt = name.replace("._", ".")
    return alt if alt in ntuple.keys() else None


def main():
    paramrun = sys.argv[1]
    check = Tally()

    for path in sys.argv[2:]:
        f = uproot.open(path)
        listing = subprocess.run([paramrun, "inspect", path], capture_output=True, text=True)
        check(listing.returncode == 0, f"{path} inspect", listing.stderr)
        rows = [l.split() for l in listing.stdout.splitlines() if l.startswith("  ")]
        for key, cls in f.classnames(cycle=False).items():
            if cls != "ROOT::RNTuple":
                continue
            ntuple = f[key]
            for row in rows:
                name = row[0]
                if "unsupported:" in row:
                    check(len(row) > 3, f"{path}:{key}:{name} refusal names a reason", row)
                    continue
                ukey = uproot_key(ntuple, name)
                if ukey is None:
                    continue  # a field of another RNTuple in the same file
                expected = ntuple[ukey].array()
                dump = subprocess.run(
                    [paramrun, "inspect", path, "--tree", key, "--dump", name], capture_output=True, text=True)
                if dump.returncode != 0:
                    check(False, f"{path}:{key}:{name} dump", dump.stderr)
                    continue
                lines = dump.stdout.splitlines()
                ok = len(lines) == len(expected)
                layout = str(ak.type(expected))
                flat = ak.to_numpy(ak.flatten(expected, axis=None))
                if ok and "var" in layout or "*" in layout.split("*", 1)[-1]:
                    got = [parse(l.strip()[1:-1], flat.dtype) for l in lines]
                    lists = ak.to_list(expected)
                    ok = all(len(g) == len(w) for g, w in zip(got, lists))
                    ok = ok and np.array_equal(np.concatenate(got) if got else flat, flat)
                elif ok:
                    ok = np.array_equal(parse(",".join(lines), flat.dtype), flat)
                check(ok, f"{path}:{key}:{name} values", f"{lines[:3]} vs {ak.to_list(expected[:3])}")
    return check.summary()


if __name__ == "__main__":
    sys.exit(main())
