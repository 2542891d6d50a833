#!/usr/bin/env python3
"""Tables and SVG plots of the 750 GeV study (issue 15) from outputs/lomo-study/auc_750.csv.

usage: lomo_study_figures.py [CSV] [FIGURE_DIR]
Writes docs/figures/lomo_gap_budget.svg and docs/figures/lomo_gap_noise.svg, and prints the
markdown tables that docs/RESULTS.md quotes. Standard library only: a docs-time helper, never
needed to run paramrun.

The 750 gap of a model is its AUC at 750 minus fixed-750's, seed by seed. Per model we give the
mean over seeds, the seed spread s (sample standard deviation of the per-seed gaps) and the mean
DeLong error δ of the gap (√(δ_model² + δ_fixed²) per seed, averaged); σ = √(δ² + s²) is the
uncertainty of one seed's gap (the issue's σ), and "gap / σ" is |mean gap| / σ. The mean of n
seeds is known better than one seed: "gap / σ_mean" divides by σ / √n, the standard error of the
mean gap (the DeLong errors of different seeds' test sets average down too).
"""
import csv
import math
import statistics
import sys
from collections import defaultdict

CSV = sys.argv[1] if len(sys.argv) > 1 else "outputs/lomo-study/auc_750.csv"
FIGURES = sys.argv[2] if len(sys.argv) > 2 else "docs/figures"

rows = list(csv.DictReader(open(CSV)))
auc = defaultdict(dict)  # model -> seed -> (auc, error)
for r in rows:
    auc[r["model"]][r["seed"]] = (float(r["auc"]), float(r["error"]))
seeds = sorted(auc["fixed-750"], key=int)


def gap(model):
    """Per-seed gaps and DeLong errors against fixed-750, then mean, spread, δ, σ."""
    gaps, errors = [], []
    for s in seeds:
        if s not in auc[model]:
            continue
        a, e = auc[model][s]
        f, ef = auc["fixed-750"][s]
        gaps.append(a - f)
        errors.append(math.hypot(e, ef))
    mean = statistics.fmean(gaps)
    spread = statistics.stdev(gaps) if len(gaps) > 1 else 0.0
    delong = statistics.fmean(errors)
    return dict(gaps=gaps, mean=mean, spread=spread, delong=delong, sigma=math.hypot(delong, spread), n=len(gaps))


def auc_row(model):
    values = [auc[model][s][0] for s in seeds if s in auc[model]]
    errors = [auc[model][s][1] for s in seeds if s in auc[model]]
    spread = statistics.stdev(values) if len(values) > 1 else 0.0
    return statistics.fmean(values), spread, statistics.fmean(errors), values


LABELS = {
    "fixed-750": "fixed at 750 (reference)",
    "parameterized-without-750": "concat, 3 epochs, 20k/mass (leave-one-mass-out's)",
    "concat-e1": "concat, 1 epoch",
    "concat-e6": "concat, 6 epochs",
    "concat-half": "concat, 3 epochs, 10k/mass",
    "affine-e1": "affine, 1 epoch",
    "affine-e3": "affine, 3 epochs",
    "affine-e6": "affine, 6 epochs",
    "noise-25": "concat, θ noise σ = 25 GeV",
    "noise-50": "concat, θ noise σ = 50 GeV",
    "noise-100": "concat, θ noise σ = 100 GeV",
    "shuffled": "θ shuffled (negative control)",
}
ORDER = [m for m in LABELS if m in auc] + sorted(m for m in auc if m not in LABELS)

print(f"seeds: {', '.join(seeds)}\n")
print("| model | AUC at 750, per seed (" + ", ".join(seeds) + ") | mean | seed spread | DeLong | gap to fixed-750 | σ | gap / σ | gap / σ_mean |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for m in ORDER:
    mean, spread, delong, values = auc_row(m)
    per_seed = " / ".join(f"{v:.4f}" for v in values)
    if m == "fixed-750":
        print(f"| {LABELS.get(m, m)} | {per_seed} | {mean:.4f} | {spread:.4f} | {delong:.4f} | | | | |")
        continue
    g = gap(m)
    if g['n'] == 1:
        # One seed has no spread of its own: σ here is the DeLong error alone (marked †).
        print(f"| {LABELS.get(m, m)} | {per_seed} | {mean:.4f} | (one seed) | {delong:.4f} | {g['mean']:+.4f} | {g['delong']:.4f} † | {abs(g['mean']) / g['delong']:.1f} † | |")
        continue
    ratio = abs(g['mean']) / g['sigma']
    print(f"| {LABELS.get(m, m)} | {per_seed} | {mean:.4f} | {spread:.4f} | {delong:.4f} | {g['mean']:+.4f} | {g['sigma']:.4f} | {ratio:.1f} | {ratio * math.sqrt(g['n']):.1f} |")


def svg_plot(path, title, xlabel, series, xticks, xlabels):
    """series: [(name, colour, [(x, mean, spread, delong, gaps)])]; bars: thick = DeLong, thin = σ; rings: single seeds."""
    W, H, L, R, T, B = 640, 400, 80, 200, 40, 60
    ys = [p[1] + sgn * math.hypot(p[2], p[3]) for _, _, pts in series for p in pts for sgn in (-1, 1)] + [0.0]
    ys += [g for _, _, pts in series for p in pts for g in p[4]]
    ymin, ymax = min(ys), max(ys)
    pad = 0.08 * (ymax - ymin or 1)
    ymin, ymax = ymin - pad, ymax + pad
    xmin, xmax = min(xticks), max(xticks)
    xpad = 0.06 * (xmax - xmin or 1)
    xmin, xmax = xmin - xpad, xmax + xpad
    X = lambda x: L + (x - xmin) / (xmax - xmin) * (W - L - R)
    Y = lambda y: T + (ymax - y) / (ymax - ymin) * (H - T - B)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="Helvetica, Arial, sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{L}" y="22" font-size="14">{title}</text>',
           f'<line x1="{L}" y1="{H - B}" x2="{W - R}" y2="{H - B}" stroke="black"/>',
           f'<line x1="{L}" y1="{T}" x2="{L}" y2="{H - B}" stroke="black"/>',
           f'<line x1="{L}" y1="{Y(0):.1f}" x2="{W - R}" y2="{Y(0):.1f}" stroke="#999" stroke-dasharray="4 3"/>',
           f'<text x="{(L + W - R) / 2}" y="{H - 20}" text-anchor="middle">{xlabel}</text>',
           f'<text transform="translate(18 {(T + H - B) / 2}) rotate(-90)" text-anchor="middle">AUC gap at 750 GeV (pNN − fixed-750)</text>']
    for x, label in zip(xticks, xlabels):
        out.append(f'<line x1="{X(x):.1f}" y1="{H - B}" x2="{X(x):.1f}" y2="{H - B + 5}" stroke="black"/>')
        out.append(f'<text x="{X(x):.1f}" y="{H - B + 18}" text-anchor="middle">{label}</text>')
    step = 10 ** math.floor(math.log10((ymax - ymin) / 4))
    for mult in (1, 2, 5, 10):
        if (ymax - ymin) / (step * mult) <= 8:
            step *= mult
            break
    t = math.ceil(ymin / step) * step
    while t <= ymax:
        out.append(f'<line x1="{L - 5}" y1="{Y(t):.1f}" x2="{L}" y2="{Y(t):.1f}" stroke="black"/>')
        out.append(f'<text x="{L - 8}" y="{Y(t) + 4:.1f}" text-anchor="end">{t:+.3f}</text>')
        t += step
    for i, (name, colour, pts) in enumerate(series):
        dx = (i - (len(series) - 1) / 2) * 6
        path_d = " ".join(f"{'M' if j == 0 else 'L'}{X(p[0]) + dx:.1f},{Y(p[1]):.1f}" for j, p in enumerate(pts))
        out.append(f'<path d="{path_d}" fill="none" stroke="{colour}" stroke-width="1.5"/>')
        for x, mean, spread, delong, gaps in pts:
            cx, sigma = X(x) + dx, math.hypot(spread, delong)
            for g in gaps:
                out.append(f'<circle cx="{cx + 7:.1f}" cy="{Y(g):.1f}" r="2.5" fill="none" stroke="{colour}"/>')
            out.append(f'<line x1="{cx:.1f}" y1="{Y(mean - sigma):.1f}" x2="{cx:.1f}" y2="{Y(mean + sigma):.1f}" stroke="{colour}" stroke-width="1"/>')
            out.append(f'<line x1="{cx:.1f}" y1="{Y(mean - delong):.1f}" x2="{cx:.1f}" y2="{Y(mean + delong):.1f}" stroke="{colour}" stroke-width="4" opacity="0.5"/>')
            out.append(f'<circle cx="{cx:.1f}" cy="{Y(mean):.1f}" r="3.5" fill="{colour}"/>')
        ly = T + 10 + 20 * i
        out.append(f'<circle cx="{W - R + 15}" cy="{ly}" r="4" fill="{colour}"/><text x="{W - R + 25}" y="{ly + 4}">{name}</text>')
    ly = T + 20 * len(series) + 20
    out.append(f'<text x="{W - R + 10}" y="{ly}" font-size="10">mean of {len(seeds)} seeds;</text>')
    out.append(f'<text x="{W - R + 10}" y="{ly + 13}" font-size="10">thick bar: DeLong error,</text>')
    out.append(f'<text x="{W - R + 10}" y="{ly + 26}" font-size="10">thin bar: σ = √(DeLong² + spread²);</text>')
    out.append(f'<text x="{W - R + 10}" y="{ly + 39}" font-size="10">rings: the single seeds</text>')
    out.append("</svg>")
    open(path, "w").write("\n".join(out) + "\n")
    print(f"\nwrote {path}")


def point(x, model):
    g = gap(model)
    return (x, g["mean"], g["spread"], g["delong"], g["gaps"])


budget = {"concat-e1": 1 / 3, "concat-half": 1 / 2, "parameterized-without-750": 1, "concat-e6": 2}
affine = {"affine-e1": 1 / 3, "affine-e3": 1, "affine-e6": 2}
series = [("concat", "#1f77b4", sorted(point(x, m) for m, x in budget.items() if m in auc)),
          ("affine", "#d62728", sorted(point(x, m) for m, x in affine.items() if m in auc))]
svg_plot(f"{FIGURES}/lomo_gap_budget.svg", "750 GeV gap against the training budget and the conditioning",
         "events × epochs, relative to leave-one-mass-out (200k events × 3 epochs)", series,
         [1 / 3, 1 / 2, 1, 2], ["1/3 (1 ep)", "1/2 (half)", "1 (3 ep)", "2 (6 ep)"])
noise = {"parameterized-without-750": 0, "noise-25": 25, "noise-50": 50, "noise-100": 100}
svg_plot(f"{FIGURES}/lomo_gap_noise.svg", "750 GeV gap against noise on the training signal θ",
         "σ of the noise on signal θ [GeV]", [("concat, 3 epochs", "#1f77b4", sorted(point(x, m) for m, x in noise.items() if m in auc))],
         [0, 25, 50, 100], ["0", "25", "50", "100"])
