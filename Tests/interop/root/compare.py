"""Compares `paramrun convert` for every flat branch of the given files with uproot, value for value,
checks that every other branch is skipped by name without --branches and refused with a message naming it
when asked for. Prints `N passed, M failed`. Usage: compare.py PARAMRUN FILE.root..."""
import os
import subprocess
import sys
import tempfile

import numpy as np
import uproot
from tally import Tally

FLAT = {"bool", "int8_t", "uint8_t", "int16_t", "uint16_t", "int32_t", "uint32_t", "int64_t", "uint64_t", "float", "double"}


def parse(values, dtype):
    if dtype.kind == "b":
        return np.array([s == "1" for s in values], dtype=bool)
    if dtype.kind in "iu":
        return np.array([int(s) for s in values], dtype=dtype)
    # paramrun writes shortest round-trip text at the value's own width, so parsing at that width restores the bits.
    return np.array([float(s) for s in values], dtype=np.float64).astype(dtype)


def convert(paramrun, path, tree, out, branches=None):
    args = [paramrun, "convert", path, "--tree", tree, "-o", out] + (["--branches", branches] if branches else [])
    return subprocess.run(args, capture_output=True, text=True)


def main():
    paramrun = sys.argv[1]
    check = Tally()

    with tempfile.TemporaryDirectory() as work:
        out = os.path.join(work, "out.csv")
        for path in sys.argv[2:]:
            f = uproot.open(path)
            for key, cls in f.classnames(cycle=False).items():
                if cls != "TTree":
                    continue
                branches = f[key].branches
                flat = [b for b in branches if b.typename in FLAT]
                other = [b for b in branches if b.typename not in FLAT]
                r = convert(paramrun, path, key, out)
                columns = {}
                if r.returncode == 0:
                    with open(out) as csv:
                        lines = csv.read().splitlines()
                    header = lines[0].split(",")
                    check(header == [b.name for b in flat], f"{path} {key} header", f"{header}")
                    rows = [line.split(",") for line in lines[1:]]
                    columns = {name: [row[i] for row in rows] for i, name in enumerate(header)}
                for b in flat:
                    want = b.array(library="np")
                    got = columns.get(b.name)
                    ok = got is not None
                    if ok:
                        got = parse(got, want.dtype)
                        ok = got.shape == want.shape and got.tobytes() == want.tobytes()
                    check(ok, f"{path} {key} {b.name} ({b.typename})", r.stderr)
                for b in other:
                    check(f"skipped branch '{b.name}'" in r.stderr, f"{path} {key} {b.name} skipped ({b.typename})", r.stderr)
                    asked = convert(paramrun, path, key, out, b.name)
                    check(asked.returncode != 0 and b.name in asked.stderr and "unsupported" in asked.stderr,
                          f"{path} {key} {b.name} refused ({b.typename})", asked.stderr)
    sys.exit(check.summary())


if __name__ == "__main__":
    main()
