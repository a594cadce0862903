#!/usr/bin/python3
"""The benchmark's Python peers on the same data file as the tfjs workers.

    peers.py torch THREADS DATA_FILE   (THREADS: 1, 0 = torch's default, -1 = all cores)
    ROWS COLS EPOCHS
    peers.py sklearn 0 DATA_FILE ROWS COLS EPOCHS

Same network (ROWS x COLS -> 64 relu -> 32 relu -> 1), Adam lr 1e-3, batch 512, one shuffled
pass per epoch. Prints one JSON line: {"peer": ..., "version": ..., "epochSeconds": [...]}.
A missing package prints {"missing": "python3-torch"} and exits 0 so the bench can say so.
"""
import json
import sys
import time

import numpy as np

kind, threads, path, rows, cols, epochs = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
data = np.fromfile(path, dtype='<f4')
x = data[: rows * cols].reshape(rows, cols)
y = data[rows * cols:]

if kind == 'torch':
    try:
        import torch
    except ImportError:
        print(json.dumps({'missing': 'python3-torch'}))
        sys.exit(0)
    # 0 keeps torch's default (1 on some machines, where OpenMP sees one core); -1 asks for all.
    if threads > 0:
        torch.set_num_threads(threads)
    elif threads < 0:
        import os
        torch.set_num_threads(os.cpu_count() or 1)
    torch.manual_seed(1234)
    model = torch.nn.Sequential(torch.nn.Linear(cols, 64), torch.nn.ReLU(), torch.nn.Linear(64, 32), torch.nn.ReLU(), torch.nn.Linear(32, 1))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    X = torch.from_numpy(np.ascontiguousarray(x))
    Y = torch.from_numpy(np.ascontiguousarray(y)).reshape(-1, 1)
    g = torch.Generator().manual_seed(1234)
    seconds = []; cpu = []
    for _ in range(epochs):
        t0 = time.perf_counter(); c0 = time.process_time()
        perm = torch.randperm(rows, generator=g)
        for s in range(0, rows, 512):
            idx = perm[s:s + 512]
            opt.zero_grad()
            loss = loss_fn(model(X[idx]), Y[idx])
            loss.backward()
            opt.step()
        seconds.append(time.perf_counter() - t0); cpu.append(time.process_time() - c0)
    print(json.dumps({'peer': f'PyTorch ({torch.get_num_threads()} thread{"s" if torch.get_num_threads() > 1 else ""})', 'version': torch.__version__, 'epochSeconds': seconds, 'cpuSeconds': cpu}))
elif kind == 'sklearn':
    try:
        import sklearn
        from sklearn.neural_network import MLPClassifier
    except ImportError:
        print(json.dumps({'missing': 'python3-sklearn'}))
        sys.exit(0)
    clf = MLPClassifier(hidden_layer_sizes=(64, 32), batch_size=512, solver='adam', learning_rate_init=1e-3, random_state=1234, shuffle=True)
    classes = np.array([0.0, 1.0])
    seconds = []; cpu = []
    for _ in range(epochs):
        t0 = time.perf_counter(); c0 = time.process_time()
        clf.partial_fit(x, y, classes=classes)
        seconds.append(time.perf_counter() - t0); cpu.append(time.process_time() - c0)
    print(json.dumps({'peer': 'scikit-learn MLPClassifier', 'version': sklearn.__version__, 'epochSeconds': seconds, 'cpuSeconds': cpu}))
else:
    raise SystemExit(f'unknown peer {kind}')
