"""Dumps every flat branch of every fixture here with uproot, as the values the Swift tests compare against.

expected/<file>/<tree path, '/' as '__'>/<branch>.txt: one value per line; integers exactly, bools 0/1,
float and double as the hexadecimal IEEE bit pattern (so the comparison is bit-exact, NaN and -0 included).
expected/<file>.json: each tree's entries and its branches that are not flat (which the reader must refuse).
Run from this folder in a virtualenv with Tests/interop/root/requirements.txt installed.
"""
import glob
import json
import os

import uproot

FLAT = {"bool", "int8_t", "uint8_t", "int16_t", "uint16_t", "int32_t", "uint32_t", "int64_t", "uint64_t", "float", "double"}


def lines(a):
    if a.dtype.kind == "b":
        return ["1" if v else "0" for v in a]
    if a.dtype.kind in "iu":
        return [str(int(v)) for v in a]
    if a.dtype.itemsize == 4:
        return ["0x%08x" % int(v) for v in a.view("uint32")]
    return ["0x%016x" % int(v) for v in a.view("uint64")]


def main():
    os.makedirs("expected", exist_ok=True)
    for path in sorted(glob.glob("*.root")):
        f = uproot.open(path)
        summary = {}
        for key, cls in f.classnames(cycle=False).items():
            if cls != "TTree":
                continue
            t = f[key]
            summary[key] = {
                "entries": int(t.num_entries),
                "flat": [b.name for b in t.branches if b.typename in FLAT],
                "unsupported": [b.name for b in t.branches if b.typename not in FLAT],
            }
            d = os.path.join("expected", path[:-5], key.replace("/", "__"))
            os.makedirs(d, exist_ok=True)
            for b in t.branches:
                if b.typename in FLAT:
                    with open(os.path.join(d, b.name + ".txt"), "w") as out:
                        out.write("".join(s + "\n" for s in lines(b.array(library="np"))))
        with open(os.path.join("expected", path[:-5] + ".json"), "w") as out:
            json.dump(summary, out, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
