#!/usr/bin/python3
"""The drift benchmark's peer: NumPy and SciPy computing the same statistics on the same data.

    drift_peer.py DIR COLUMNS REFERENCE_ROWS CURRENT_ROWS

DIR holds ref.f64 and cur.f64 (little-endian float64, column after column), written by
bench/drift.ts. Each statistic is computed as a NumPy/SciPy user (or Evidently, which calls
these same functions) computes it, column by column, from the raw arrays:
  ks           scipy.stats.ks_2samp (statistic and p-value, method 'auto')
  psi          np.quantile deciles of the reference, searchsorted + bincount, the PSI sum
  wasserstein  scipy.stats.wasserstein_distance / max(np.std(reference), 0.001)
  js           the same decile bins, scipy.spatial.distance.jensenshannon
Prints one JSON line: versions, seconds per statistic (all columns) and the values.
A missing package prints {"missing": "python3-scipy"} and exits 0 so the bench can say so.
"""
import json
import sys
import time

try:
    import numpy as np
except ImportError:
    print(json.dumps({"missing": "python3-numpy"}))
    sys.exit(0)
try:
    import scipy
    from scipy.spatial.distance import jensenshannon
    from scipy.stats import ks_2samp, wasserstein_distance
except ImportError:
    print(json.dumps({"missing": "python3-scipy"}))
    sys.exit(0)

folder, cols, nref, ncur = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
ref = np.fromfile(f"{folder}/ref.f64", dtype="<f8").reshape(cols, nref)
cur = np.fromfile(f"{folder}/cur.f64", dtype="<f8").reshape(cols, ncur)
DECILES = np.arange(1, 10) / 10


def bins(r, c):
    edges = np.quantile(r, DECILES)
    rc = np.bincount(np.searchsorted(edges, r, side="right"), minlength=10)
    cc = np.bincount(np.searchsorted(edges, c, side="right"), minlength=10)
    return rc, cc


def psi(r, c):
    rc, cc = bins(r, c)
    rp, cp = rc / rc.sum(), cc / cc.sum()
    rp = np.where(rp == 0, 0.0001, rp)
    cp = np.where(cp == 0, 0.0001, cp)
    return float(np.sum((cp - rp) * np.log(cp / rp)))


def js(r, c):
    rc, cc = bins(r, c)
    return float(jensenshannon(rc, cc))


def ks(r, c):
    res = ks_2samp(r, c)
    return [float(res.statistic), float(res.pvalue)]


def wasserstein(r, c):
    return float(wasserstein_distance(r, c) / max(np.std(r), 0.001))


seconds, values = {}, {}
for name, fn in (("ks", ks), ("psi", psi), ("wasserstein", wasserstein), ("js", js)):
    t = time.perf_counter()
    values[name] = [fn(ref[i], cur[i]) for i in range(cols)]
    seconds[name] = time.perf_counter() - t
print(json.dumps({"numpy": np.__version__, "scipy": scipy.__version__, "seconds": seconds, "values": values}))
