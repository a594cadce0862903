#!/usr/bin/python3
"""The benchmark's Python peers on the same data file as the mlpipe workers.

    peers.py torch THREADS DATA_FILE ROWS COLS EPOCHS LAYERS   (THREADS: 1, or -1 = all cores)
    peers.py sklearn 0 DATA_FILE ROWS COLS EPOCHS LAYERS

Same network (ROWS x COLS -> LAYERS relu -> 1, LAYERS like "64,32"), Adam lr 1e-3, batch 512,
one shuffled pass per epoch. Prints one JSON line: {"peer", "version", "threads",
"epochSeconds", "cpuSeconds", "maxRssKb"}. A missing package prints {"missing": "python3-torch"}
and exits 0 so the bench can say so.
"""
import json
import os
import resource
import sys
import time

import numpy as np

kind, threads, path, rows, cols, epochs = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
layers = [int(u) for u in sys.argv[7].split(',')]
data = np.fromfile(path, dtype='<f4')
x = data[: rows * cols].reshape(rows, cols)
y = data[rows * cols:]


def rss_kb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if kind == 'torch':
    try:
        import torch
    except ImportError:
        print(json.dumps({'missing': 'python3-torch'}))
        sys.exit(0)
    torch.set_num_threads(threads if threads > 0 else (os.cpu_count() or 1))
    torch.manual_seed(1234)
    mods = []
    fan_in = cols
    for units in layers:
        mods += [torch.nn.Linear(fan_in, units), torch.nn.ReLU()]
        fan_in = units
    model = torch.nn.Sequential(*mods, torch.nn.Linear(fan_in, 1))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    X = torch.from_numpy(np.ascontiguousarray(x))
    Y = torch.from_numpy(np.ascontiguousarray(y)).reshape(-1, 1)
    g = torch.Generator().manual_seed(1234)
    seconds, cpu = [], []
    for _ in range(epochs):
        t0, c0 = time.perf_counter(), time.process_time()
        perm = torch.randperm(rows, generator=g)
        for s in range(0, rows, 512):
            idx = perm[s:s + 512]
            opt.zero_grad()
            loss = loss_fn(model(X[idx]), Y[idx])
            loss.backward()
            opt.step()
        seconds.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    n = torch.get_num_threads()
    print(json.dumps({'peer': 'PyTorch', 'version': torch.__version__, 'threads': n, 'epochSeconds': seconds, 'cpuSeconds': cpu, 'maxRssKb': rss_kb()}))
elif kind == 'sklearn':
    try:
        import sklearn
        from sklearn.neural_network import MLPClassifier
    except ImportError:
        print(json.dumps({'missing': 'python3-sklearn'}))
        sys.exit(0)
    clf = MLPClassifier(hidden_layer_sizes=tuple(layers), batch_size=512, solver='adam', learning_rate_init=1e-3, random_state=1234, shuffle=True)
    classes = np.array([0.0, 1.0])
    seconds, cpu = [], []
    for _ in range(epochs):
        t0, c0 = time.perf_counter(), time.process_time()
        clf.partial_fit(x, y, classes=classes)
        seconds.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    print(json.dumps({'peer': 'scikit-learn MLPClassifier', 'version': sklearn.__version__, 'threads': 0, 'epochSeconds': seconds, 'cpuSeconds': cpu, 'maxRssKb': rss_kb()}))
else:
    raise SystemExit(f'unknown peer {kind}')
