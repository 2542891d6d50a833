"""The workspaces the likelihood interop suite builds: every modifier type over several channels,
and small ones in the style of pyhf's validation examples. Every random draw is seeded, and the
observed data differ from the model's expectation (Poisson draws, or counts written by hand).
"""
import numpy as np

MEASUREMENT = "meas"


def workspace(channels, observations, parameters=(), poi="mu"):
    return {
        "channels": channels,
        "observations": observations,
        "measurements": [{"name": MEASUREMENT, "config": {"poi": poi, "parameters": list(parameters)}}],
        "version": "1.0.0",
    }


def sample(name, data, *modifiers):
    return {"name": name, "data": [float(x) for x in data], "modifiers": list(modifiers)}


def modifier(name, kind, data=None):
    return {"name": name, "type": kind, "data": data}


def poisson_observations(rng, channels, mu_true):
    """Counts drawn around the expectation at μ = mu_true with every nuisance parameter nominal."""
    observations = []
    for channel in channels:
        total = np.zeros(len(channel["samples"][0]["data"]))
        for s in channel["samples"]:
            scale = mu_true if any(m["name"] == "mu" for m in s["modifiers"]) else 1.0
            total += scale * np.asarray(s["data"])
        observations.append({"name": channel["name"], "data": [float(x) for x in rng.poisson(total)]})
    return observations


def every_modifier(seed, mu_true):
    """Three channels, three samples, all seven modifier types; staterror shared across samples,
    histosys and lumi shared across channels, a fixed normsys, a lumi with its own auxdata/sigma,
    a free background normalisation constrained only by its control region."""
    rng = np.random.default_rng(seed)

    def yields(n, scale):
        return scale * rng.uniform(0.6, 1.4, n)

    def shifted(nominal, amount):
        up = nominal * (1 + amount * rng.uniform(0.5, 1.5, len(nominal)))
        down = nominal * (1 - amount * rng.uniform(0.3, 1.2, len(nominal)))
        return [float(x) for x in up], [float(x) for x in down]

    channels = []
    regions = (("SR", 3, 6.0, 40.0, 15.0), ("CR_bkg", 2, 0.3, 150.0, 60.0), ("VR", 2, 1.5, 60.0, 25.0))
    for name, nbins, sig, b1, b2 in regions:
        s, t, w = yields(nbins, sig), yields(nbins, b1), yields(nbins, b2)
        hi_t, lo_t = shifted(t, 0.08)
        signal = sample(
            "signal", s,
            modifier("mu", "normfactor"),
            modifier("lumi", "lumi"),
            modifier("sig_xsec", "normsys", {"hi": 1.12, "lo": 0.91}),
            modifier(f"staterror_{name}", "staterror", [float(x) for x in 0.05 * s]),
        )
        top = sample(
            "ttbar", t,
            modifier("lumi", "lumi"),
            modifier("ttbar_norm", "normfactor"),
            modifier("jes", "histosys", {"hi_data": hi_t, "lo_data": lo_t}),
            modifier("ttbar_theory", "normsys", {"hi": 1.06, "lo": 0.92}),
            modifier("pileup_fixed", "normsys", {"hi": 1.03, "lo": 0.98}),
            modifier(f"staterror_{name}", "staterror", [float(x) for x in 0.04 * t]),
        )
        wjets_mods = [
            modifier("lumi", "lumi"),
            modifier(f"wjets_mc_{name}", "shapesys", [float(x) for x in 0.12 * w]),
            modifier("wjets_xsec", "normsys", {"hi": 1.15, "lo": 0.88}),
        ]
        if name == "CR_bkg":
            wjets_mods.append(modifier("cr_shape", "shapefactor"))
        else:
            hi_w, lo_w = shifted(w, 0.05)
            wjets_mods.append(modifier("jes", "histosys", {"hi_data": hi_w, "lo_data": lo_w}))
        channels.append({"name": name, "samples": [signal, top, sample("wjets", w, *wjets_mods)]})
    parameters = [
        {"name": "mu", "bounds": [[0.0, 10.0]], "inits": [1.0]},
        {"name": "lumi", "auxdata": [1.0], "sigmas": [0.017], "bounds": [[0.9, 1.1]], "inits": [1.0]},
        {"name": "pileup_fixed", "fixed": True, "inits": [0.3]},
        {"name": "ttbar_norm", "bounds": [[0.0, 5.0]]},
    ]
    return workspace(channels, poisson_observations(rng, channels, mu_true), parameters)


def one_bin_shapesys():
    return workspace(
        [{"name": "singlechannel", "samples": [
            sample("signal", [12.0], modifier("mu", "normfactor")),
            sample("background", [50.0], modifier("uncorr_bkguncrt", "shapesys", [7.0])),
        ]}],
        [{"name": "singlechannel", "data": [55.0]}],
        [{"name": "mu", "bounds": [[0.0, 10.0]]}],
    )


def one_bin_normsys():
    return workspace(
        [{"name": "channel1", "samples": [
            sample("signal", [12.0], modifier("mu", "normfactor")),
            sample("background", [100.0], modifier("bkg_norm", "normsys", {"hi": 1.10, "lo": 0.70})),
        ]}],
        [{"name": "channel1", "data": [120.0]}],
    )


def two_bin_histosys():
    return workspace(
        [{"name": "channel1", "samples": [
            sample("signal", [30.0, 45.0], modifier("mu", "normfactor")),
            sample("background", [100.0, 150.0],
                   modifier("bkg_norm", "histosys", {"hi_data": [100.0, 160.0], "lo_data": [100.0, 110.0]})),
        ]}],
        [{"name": "channel1", "data": [100.0, 180.0]}],
    )


def two_bin_two_channel():
    return workspace(
        [
            {"name": "signal", "samples": [
                sample("signal", [5.0, 10.0], modifier("mu", "normfactor")),
                sample("background", [50.0, 60.0], modifier("uncorr_bkguncrt_signal", "shapesys", [5.0, 12.0])),
            ]},
            {"name": "control", "samples": [
                sample("background", [50.0, 60.0], modifier("uncorr_bkguncrt_control", "shapesys", [5.0, 12.0])),
            ]},
        ],
        [{"name": "signal", "data": [53.0, 65.0]}, {"name": "control", "data": [55.0, 52.0]}],
    )


def two_bin_two_channel_coupled_histosys():
    return workspace(
        [
            {"name": "signal", "samples": [
                sample("signal", [20.0, 10.0], modifier("mu", "normfactor")),
                sample("bkg1", [100.0, 150.0],
                       modifier("coupled_histosys", "histosys", {"lo_data": [90.0, 140.0], "hi_data": [105.0, 160.0]})),
                sample("bkg2", [75.0, 100.0],
                       modifier("coupled_histosys", "histosys", {"lo_data": [70.0, 95.0], "hi_data": [80.0, 110.0]})),
            ]},
            {"name": "control", "samples": [
                sample("background", [100.0, 120.0],
                       modifier("coupled_histosys", "histosys", {"lo_data": [95.0, 110.0], "hi_data": [110.0, 130.0]})),
            ]},
        ],
        [{"name": "signal", "data": [170.0, 220.0]}, {"name": "control", "data": [110.0, 105.0]}],
    )


def two_bin_two_channel_coupled_shapefactor():
    return workspace(
        [
            {"name": "signal", "samples": [
                sample("signal", [20.0, 10.0], modifier("mu", "normfactor")),
                sample("bkg1", [100.0, 150.0], modifier("coupled_shapefactor", "shapefactor")),
            ]},
            {"name": "control", "samples": [
                sample("background", [100.0, 100.0], modifier("coupled_shapefactor", "shapefactor")),
            ]},
        ],
        [{"name": "signal", "data": [100.0, 160.0]}, {"name": "control", "data": [110.0, 105.0]}],
    )


def staterror_shared():
    """Two samples sharing one staterror per bin (pyhf adds their uncertainties in quadrature)."""
    return workspace(
        [{"name": "SR", "samples": [
            sample("signal", [8.0, 6.0, 3.0], modifier("mu", "normfactor"),
                   modifier("staterror_SR", "staterror", [1.0, 0.9, 0.6])),
            sample("bkg", [30.0, 20.0, 10.0], modifier("staterror_SR", "staterror", [3.0, 2.5, 2.0]),
                   modifier("lumi", "lumi")),
        ]}],
        [{"name": "SR", "data": [41.0, 19.0, 14.0]}],
        [{"name": "lumi", "auxdata": [1.0], "sigmas": [0.025], "bounds": [[0.8, 1.2]], "inits": [1.0]}],
    )


def discovery_excess():
    """A clear excess over the background, so that p0 is small and Z well away from zero."""
    return workspace(
        [{"name": "SR", "samples": [
            sample("signal", [10.0, 14.0], modifier("mu", "normfactor")),
            sample("bkg", [25.0, 18.0], modifier("bkg_unc", "normsys", {"hi": 1.08, "lo": 0.93}),
                   modifier("bkg_mc", "staterror", [1.5, 1.2])),
        ]}],
        [{"name": "SR", "data": [36.0, 35.0]}],
    )


def cases():
    """(name, spec, extra paramrun arguments, pyhf modifier settings or None) for every workspace."""
    # pyhf's numpy backend differentiates numerically: a hypotest on every_modifier (24 parameters)
    # takes seconds, so two seeds (no signal in the data; signal at μ = 1) keep the suite in minutes.
    built = [
        ("every_modifier_seed1", every_modifier(1, 0.0)),
        ("every_modifier_seed2", every_modifier(2, 1.0)),
        ("1bin_shapesys", one_bin_shapesys()),
        ("1bin_normsys", one_bin_normsys()),
        ("2bin_histosys", two_bin_histosys()),
        ("2bin_2channel", two_bin_two_channel()),
        ("2bin_2channel_coupledhisto", two_bin_two_channel_coupled_histosys()),
        ("2bin_2channel_coupledshapefactor", two_bin_two_channel_coupled_shapefactor()),
        ("staterror_shared", staterror_shared()),
        ("discovery_excess", discovery_excess()),
    ]
    return built
