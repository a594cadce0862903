"""The serving peer: gunicorn + Flask + scikit-learn, the shape users pick today.

A scikit-learn MLP of the churn model's size (9 inputs, 32 and 16 hidden units) behind a Flask
`/predict` that takes the same JSON body as mlpipe's and scales the features by hand. Started by
bench/serve.ts as `gunicorn -w 2 -b 127.0.0.1:PORT serve_flask:app` from this folder.
Needs Debian's python3-flask, python3-sklearn and gunicorn.
"""
import numpy as np
from flask import Flask, jsonify, request
from sklearn.neural_network import MLPClassifier

rng = np.random.default_rng(7)
X = rng.normal(size=(2000, 9))
y = (X[:, 0] + X[:, 1] > 0).astype(int)
model = MLPClassifier(hidden_layer_sizes=(32, 16), max_iter=50, random_state=7).fit(X, y)
PLANS = ["basic", "standard", "premium"]

app = Flask(__name__)


def features(row):
    tenure = row.get("tenure_days") or 0
    plan = row.get("plan")
    return [
        np.log1p(tenure),
        0.0,
        0.0,
        *[1.0 if plan == p else 0.0 for p in PLANS],
        np.log1p(row.get("support_tickets") or 0),
        (row.get("monthly_charges") or 0) / 100.0,
        0.0,
    ]


@app.post("/predict")
def predict():
    body = request.get_json()
    x = np.array([features(r) for r in body["rows"]])
    return jsonify({"predictions": model.predict_proba(x)[:, 1].tolist()})
