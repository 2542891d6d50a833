"""Compares root-dump's output for every flat branch of the given files with uproot, value for value,
and checks that every non-flat branch is refused with a message naming it. Prints `N passed, M failed`."""
import subprocess
import sys

import numpy as np
import uproot

FLAT = {"bool", "int8_t", "uint8_t", "int16_t", "uint16_t", "int32_t", "uint32_t", "int64_t", "uint64_t", "float", "double"}


def parse(lines, dtype):
    if dtype.kind == "b":
        return np.array([s == "1" for s in lines], dtype=bool)
    if dtype.kind in "iu":
        return np.array([int(s) for s in lines], dtype=dtype)
    # Swift prints shortest round-trip text at the value's own width, so parsing at that width restores the bits.
    return np.array([float(s) if s not in ("inf", "-inf", "nan") else float(s) for s in lines], dtype=np.float64).astype(dtype)


def main():
    dump = sys.argv[1]
    passed = failed = 0
    for path in sys.argv[2:]:
        f = uproot.open(path)
        for key, cls in f.classnames(cycle=False).items():
            if cls != "TTree":
                continue
            for b in f[key].branches:
                r = subprocess.run([dump, path, key, b.name], capture_output=True, text=True)
                if b.typename in FLAT:
                    want = b.array(library="np")
                    ok = r.returncode == 0
                    if ok:
                        got = parse(r.stdout.split(), want.dtype)
                        ok = got.shape == want.shape and got.tobytes() == want.tobytes()
                    what = f"{path} {key} {b.name} ({b.typename})"
                else:
                    ok = r.returncode != 0 and b.name in r.stderr and "unsupported" in r.stderr
                    what = f"{path} {key} {b.name} refused ({b.typename})"
                if ok:
                    passed += 1
                else:
                    failed += 1
                    print("FAIL", what, r.stderr.strip()[:300])
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
