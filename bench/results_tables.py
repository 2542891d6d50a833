"""Prints a run's auc_vs_mass.csv as a Markdown table, for docs/RESULTS.md.
usage: python3 bench/results_tables.py outputs/fig7 [--by-mass]"""
import csv
import sys

rows = list(csv.DictReader(open(sys.argv[1] + "/auc_vs_mass.csv")))
if "--by-mass" in sys.argv:
    models = list(dict.fromkeys(r["model"] for r in rows))
    masses = sorted({float(r["mass"]) for r in rows})
    print("| m_X [GeV] | " + " | ".join(models) + " |")
    print("| ---: |" + " ---: |" * len(models))
    for m in masses:
        cells = []
        for model in models:
            hit = [r for r in rows if r["model"] == model and float(r["mass"]) == m]
            if hit:
                r = hit[0]
                mark = "" if r["trained_at_mass"] == "true" else " (unseen)"
                cells.append(f"{float(r['auc']):.4f} ± {float(r['auc_err']):.4f}{mark}")
            else:
                cells.append("")
        print(f"| {m:g} | " + " | ".join(cells) + " |")
else:
    print("| model | type | mass | AUC | ± | trained at this mass | signal | background |")
    print("| --- | --- | ---: | ---: | ---: | :---: | ---: | ---: |")
    for r in rows:
        print(f"| {r['model']} | {r['type']} | {r['mass']} | {float(r['auc']):.4f} | {float(r['auc_err']):.4f} | "
              f"{'yes' if r['trained_at_mass'] == 'true' else 'no'} | {r['n_signal']} | {r['n_background']} |")
