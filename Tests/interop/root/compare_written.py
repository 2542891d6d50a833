"""Checks that uproot reads the ROOT files paramrun writes, value for value: `paramrun generate` writes the same
events as CSV (shortest round-trip text, the ground truth) and as ROOT, flat and NanoAOD-style (--layout nanoaod,
jets as Jet_pt[nJet], ...), with several baskets per branch; every branch uproot reads must equal the CSV's
column for those events, bit for bit as float32. Then Tests/Fixtures/root/written/types.root, which the writer
writes for every basic type, flat and counted (ROOTWriterFixtureTests keeps it byte-equal to the writer's
output): uproot must read each branch equal to the formulas that made it. Prints `N passed, M failed`.
Usage: compare_written.py PARAMRUN WORKDIR"""
import os
import subprocess
import sys

import awkward as ak
import numpy as np
import uproot
from tally import Tally

MASSES = [500, 1000]
# More events per tree than the writer's 10,000 entries per basket, so branches span several baskets.
ARGS = ["--generator", "xttbar", "--masses", ",".join(map(str, MASSES)), "--signal-per-mass", "12000",
        "--background", "21000", "--seed", "5"]
JETS = ["Jet_pt", "Jet_eta", "Jet_phi", "Jet_btag"]


def every_type(path):
    """(what, ok) for each branch of the every-type fixture against ROOTWriterFixtureTests' formulas."""
    n = 3000
    i = np.arange(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        bits = i * np.uint64(0x9E3779B97F4A7C15)
    counts = (np.arange(n) % 7).astype(np.int32)
    k = np.arange(int(counts.sum()), dtype=np.uint64)
    with np.errstate(over="ignore"):
        kbits = k * np.uint64(0x9E3779B97F4A7C15)
    flat = {"b_bool": (bits & np.uint64(1)) == 1, "b_i8": bits.astype(np.int8), "b_u8": bits.astype(np.uint8),
            "b_i16": bits.astype(np.int16), "b_u16": bits.astype(np.uint16), "b_i32": bits.astype(np.int32),
            "b_u32": bits.astype(np.uint32), "b_i64": bits.view(np.int64), "b_u64": bits,
            "b_f32": np.arange(n, dtype=np.float32) / np.float32(7), "b_f64": np.arange(n) / 7.0, "nJet": counts}
    jagged = {"Jet_f": k.astype(np.float32) / np.float32(3), "Jet_d": k / 3.0, "Jet_b": k % 3 == 0,
              "Jet_u16": kbits.astype(np.uint16), "Jet_i64": kbits.view(np.int64)}
    t = uproot.open(path)["types"]
    yield "types: three baskets a branch", all(len(b.member("fBasketSeek")) == 4 for b in t.branches)
    for name, want in flat.items():
        got = t[name].array(library="np")
        yield f"types.{name}", got.dtype == want.dtype and np.array_equal(got, want)
    for name, want in jagged.items():
        got = t[name].array()
        values = ak.to_numpy(ak.flatten(got))
        yield f"types.{name}", (np.array_equal(ak.to_numpy(ak.num(got)), counts) and values.dtype == want.dtype
                                and np.array_equal(values, want))


def main():
    paramrun, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    check = Tally()

    paths = {name: os.path.join(work, name) for name in ["events.csv", "flat.root", "nano.root"]}
    runs = [ARGS + ["-o", paths["events.csv"]],
            ARGS + ["--background-weight-spread", "0.5", "-o", paths["flat.root"]],
            ARGS + ["--layout", "nanoaod", "-o", paths["nano.root"]]]
    for args in runs:
        r = subprocess.run([paramrun, "generate"] + args, capture_output=True, text=True)
        check(r.returncode == 0, f"generate {args[-1]}", r.stderr)
    with open(paths["events.csv"]) as f:
        names = f.readline().lstrip("#").strip().split(",")
    csv = np.loadtxt(paths["events.csv"], delimiter=",", comments="#", dtype=np.float64, ndmin=2)
    column = {n: csv[:, i].astype(np.float32) for i, n in enumerate(names)}
    features = names[1:-1]
    label = csv[:, 0]
    rows = {f"mx{m}": (label == 1) & (csv[:, -1] == m) for m in MASSES}
    rows["background"] = label == 0

    flat, nano = uproot.open(paths["flat.root"]), uproot.open(paths["nano.root"])
    for tree, mask in rows.items():
        t = flat[tree]
        check(t.num_entries == int(mask.sum()), f"flat {tree} entries", t.num_entries)
        check(all(len(b.member("fBasketSeek")) >= 2 for b in t.branches), f"flat {tree} several baskets")
        for name in features + ["mass"]:
            got = t[name].array(library="np")
            check(got.dtype == np.float32 and np.array_equal(got, column[name][mask]), f"flat {tree}.{name}")
        w = t["w"].array(library="np")
        if tree == "background":
            check(w.min() >= 0.5 and w.max() <= 1.5 and len(set(w.tolist())) > 100, f"flat {tree}.w spread")
        else:
            check(np.all(w == 1), f"flat {tree}.w")

        n = nano[tree]
        arrays = n.arrays(library="ak")
        check(np.all(ak.to_numpy(arrays["nJet"]) == 4), f"nano {tree}.nJet")
        for name in features[:6] + features[22:] + ["mass"]:
            check(np.array_equal(ak.to_numpy(arrays[name]), column[name][mask]), f"nano {tree}.{name}")
        for q, jet in enumerate(JETS):
            check(n[jet].typename == "float[]" or n[jet].title.startswith(f"{jet}[nJet]"), f"nano {tree}.{jet} type")
            got = ak.to_numpy(arrays[jet])  # regular: 4 jets in every event
            want = np.stack([column[f"f{6 + 4 * j + q}"][mask] for j in range(4)], axis=1)
            check(np.array_equal(got, want), f"nano {tree}.{jet}")
    for what, ok in every_type(os.path.join(os.path.dirname(__file__), "../../Fixtures/root/written/types.root")):
        check(ok, what)
    sys.exit(check.summary())


if __name__ == "__main__":
    main()
