"""Summarizes each response curve of a one-feature run (peak height, peak position, width at half
maximum), to check that a parameterized network keeps its shape at θ it never saw.
usage: python3 bench/response_shape.py outputs/fig2-toy"""
import csv
import json
import sys
from pathlib import Path

run = Path(sys.argv[1])
stages = json.loads((run / "stages.json").read_text())
store = run.parent / ".store"
print("| θ | trained | peak output | peak at x | x − θ | width at half maximum |")
print("| ---: | :---: | ---: | ---: | ---: | ---: |")
rows = []
for stage, record in stages.items():
    if not stage.startswith("evaluate/"):
        continue
    folder = store / record["key"]
    summary = json.loads((folder / "auc.json").read_text())
    points = [(float(r[0]), float(r[2])) for r in list(csv.reader(open(folder / "response.csv")))[1:]]
    peak_x, peak_y = max(points, key=lambda p: p[1])
    above = [x for x, y in points if y >= peak_y / 2]
    theta = summary["mass"]
    trained = any(abs(m - theta) < 1e-9 for m in summary["trainMasses"])
    rows.append((theta, trained, peak_y, peak_x, peak_x - theta, max(above) - min(above)))
for theta, trained, py, px, dx, width in sorted(rows):
    print(f"| {theta:g} | {'yes' if trained else 'no'} | {py:.3f} | {px:.3f} | {dx:+.3f} | {width:.3f} |")
