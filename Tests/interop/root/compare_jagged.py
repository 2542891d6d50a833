"""Compares every jagged branch (counted `T[n]`, fixed-size `T[N]`, `std::vector<T>` of a basic type) of the
given files with uproot + awkward, value for value: `paramrun inspect FILE --tree T --dump B` prints one entry
a line as `[v1,v2,...]` in shortest round-trip text, which must parse back to uproot's bits. Branches uproot
reads as objects (nested vectors, strings) must be listed by `paramrun inspect` as unsupported, naming why.
Prints `N passed, M failed`. Usage: compare_jagged.py PARAMRUN FILE.root..."""
import re
import subprocess
import sys

import awkward as ak
import numpy as np
import uproot
from tally import Tally

BASIC = {"bool", "int8_t", "uint8_t", "int16_t", "uint16_t", "int32_t", "uint32_t", "int64_t", "uint64_t",
         "float", "double"}
JAGGED = re.compile(r"^(?:std::vector<(\w+)>|(\w+)\[(\w*)\])$")


def parse(line, dtype):
    inner = line.strip()[1:-1]
    items = inner.split(",") if inner else []
    if dtype.kind == "b":
        return np.array([s == "1" for s in items], dtype=bool)
    if dtype.kind in "iu":
        return np.array([int(s) for s in items], dtype=dtype)
    return np.array([float(s) for s in items], dtype=np.float64).astype(dtype)


def jagged_kind(branch):
    m = JAGGED.match(branch.typename)
    if not m:
        return None
    element = m.group(1) or m.group(2)
    return element if element in BASIC else None


def main():
    paramrun = sys.argv[1]
    check = Tally()

    for path in sys.argv[2:]:
        f = uproot.open(path)
        listing = subprocess.run([paramrun, "inspect", path], capture_output=True, text=True)
        check(listing.returncode == 0, f"{path} inspect", listing.stderr)
        lines = listing.stdout.splitlines()
        for key, cls in f.classnames(cycle=False).items():
            if cls != "TTree":
                continue
            for b in f[key].branches:
                row = next((l for l in lines if l.split()[:1] == [b.name]), "")
                if jagged_kind(b) is None:
                    if b.typename.startswith("std::vector") or "[" in b.typename:
                        check("unsupported:" in row, f"{path} {key} {b.name} refused ({b.typename})", row)
                    continue
                check("jagged" in row, f"{path} {key} {b.name} listed jagged ({b.typename})", row)
                want = b.array(library="ak")
                r = subprocess.run([paramrun, "inspect", path, "--tree", key, "--dump", b.name],
                                   capture_output=True, text=True)
                got = r.stdout.splitlines()
                ok = r.returncode == 0 and len(got) == len(want)
                if ok:
                    flat = ak.to_numpy(ak.flatten(want, axis=None))
                    counts = ak.to_numpy(ak.num(want, axis=1))
                    parsed = [parse(line, flat.dtype) for line in got]
                    ok = [len(p) for p in parsed] == list(counts)
                    joined = np.concatenate(parsed) if parsed else flat[:0]
                    ok = ok and joined.astype(flat.dtype).tobytes() == flat.tobytes()
                check(ok, f"{path} {key} {b.name} ({b.typename})", r.stderr or f"{len(got)} lines")
    sys.exit(check.summary())


if __name__ == "__main__":
    main()
