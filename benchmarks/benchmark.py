"""How fast mlbasics trains, beside scikit-learn, and what the comparison animation costs.

Run from the repository: `python benchmarks/benchmark.py` (add `--no-fail` to only report).
It measures, in one run:

1. one epoch of per-sample SGD of the ReLU post's network (2-4-3-1, seed 10, learning rate
   0.01) on the "classification" set, with `mlbasics.train` and with scikit-learn's
   MLPClassifier set up to do the same arithmetic (batches of one sample, no momentum, no
   regularisation, no shuffling, and the same starting weights);
2. an ensemble of 256 such networks trained at once, per network and sample;
3. the time and peak memory of building and saving the post's 15-epoch sigmoid-versus-ReLU
   animation of that set, in a fresh process so that the memory is the animation's alone.

Every timing is the best of several interleaved rounds: other programs on the machine can only
slow a round down, so the fastest round is the closest to the code's own cost. Each target is
printed beside its measurement, and the exit status is 1 if any target is missed.
"""

import argparse
import concurrent.futures
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sklearn.neural_network import MLPClassifier

from mlbasics import Network, train
from mlbasics.cli import TITLES, format_rows, train_comparison
from mlbasics.datasets import POST_SETTINGS
from mlbasics.datasets import load

DATASET = "classification"
SETTINGS = POST_SETTINGS[DATASET]
ENSEMBLE_SIZE = 256
ROUNDS = 7

# Targets: how many times faster, or the most seconds and megabytes allowed.
SPEEDUP_OVER_SKLEARN = 3
ENSEMBLE_OVER_SKLEARN = 100
ENSEMBLE_OVER_SINGLE = 20
ANIMATION_SECONDS = 5
ANIMATION_MEGABYTES = 1024

# Both libraries start from the same weights and take the same steps, so their weights may
# differ only by rounding; anything larger means they are not doing the same work.
SAME_WEIGHTS_TOLERANCE = 1e-9


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-fail", action="store_true",
                        help="exit with status 0 even when a target is missed")
    options = parser.parse_args(argv)

    X, y = load(DATASET)
    print(f"Per-sample SGD of a 2-4-3-1 ReLU network, seed {SETTINGS.seed}, learning rate "
          f"{SETTINGS.learning_rate}, on {DATASET!r} ({len(X)} samples); best of {ROUNDS} "
          f"interleaved epochs.")
    training = time_training(X, y)
    animation = measure_animation_in_child()

    rows, met = result_rows(training, animation, len(X))
    print(format_rows([("measurement", "value", "target", "met"), *rows], left_columns=1))
    print(f"{sum(met)} of {len(met)} targets met.")
    if all(met) or options.no_fail:
        return 0
    return 1


# Training ------------------------------------------------------------------------------------


def time_training(X, y):
    """The best seconds per epoch of each trainer, over interleaved rounds, and two checks.

    returns a dict: "single", "sklearn", "ensemble" in seconds per epoch; "sklearn_gap", the
    largest difference between mlbasics' and MLPClassifier's weights at the end; "member_gap",
    the same between the single network and the ensemble's member with its seed
    """
    single = Network(2, SETTINGS.hidden_sizes, "relu", seed=SETTINGS.seed)
    ensemble = Network.ensemble(2, SETTINGS.hidden_sizes, "relu", seeds=range(ENSEMBLE_SIZE))
    sklearn = sklearn_twin(single, X, y)
    trainers = {
        "single": lambda: train(single, X, y, 1, SETTINGS.learning_rate),
        "sklearn": lambda: sklearn.partial_fit(X, y),
        "ensemble": lambda: train(ensemble, X, y, 1, SETTINGS.learning_rate),
    }

    # Round 0 warms caches and is not counted; every trainer runs once per round, in turn.
    seconds = {name: [] for name in trainers}
    for _ in range(1 + ROUNDS):
        for name, run_epoch in trainers.items():
            start = time.perf_counter()
            run_epoch()
            seconds[name].append(time.perf_counter() - start)

    best = {name: min(times[1:]) for name, times in seconds.items()}
    best["sklearn_gap"] = largest_gap(single.weights + single.biases,
                                      sklearn.coefs_ + sklearn.intercepts_)
    member = list(ensemble.seed).index(SETTINGS.seed)
    best["member_gap"] = largest_gap(single.weights + single.biases,
                                     [p[member] for p in ensemble.weights + ensemble.biases])
    return best


def sklearn_twin(network, X, y):
    """An MLPClassifier that takes the same per-sample SGD steps as `network`, from its weights.

    The first partial_fit, on one sample, only creates the weights, which are then overwritten
    in place with the network's (in place, because the optimiser holds these arrays).
    """
    model = MLPClassifier(
        hidden_layer_sizes=network.hidden_sizes, activation="relu", solver="sgd", batch_size=1,
        learning_rate="constant", learning_rate_init=SETTINGS.learning_rate, momentum=0,
        alpha=0, shuffle=False, random_state=SETTINGS.seed,
    )
    model.partial_fit(X[:1], y[:1], classes=[0, 1])
    for theirs, ours in zip(model.coefs_ + model.intercepts_, network.weights + network.biases):
        theirs[...] = ours
    return model


def largest_gap(arrays, others):
    return max(np.abs(a - b).max() for a, b in zip(arrays, others))


# The animation, in a fresh process ----------------------------------------------------------


def measure_animation_in_child():
    """Run `measure_animation` in a new Python process and return what it measured."""
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(measure_animation).result()


def measure_animation():
    """Train the post's two networks, then build and save their animation, timing each step.

    returns a dict of seconds ("training", "build", "save"), "frames" in the GIF, and
    "baseline_mb" and "peak_mb", this process's resident memory before the animation and at
    its peak
    """
    from PIL import Image

    from mlbasics.animation import animate, save_gif

    X, y = load(DATASET)
    start = time.perf_counter()
    histories = train_comparison(X, y, SETTINGS)
    trained = time.perf_counter()
    baseline_mb = resident_megabytes()

    animation = animate(histories, X, y, titles=TITLES)
    built = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "animation.gif"
        save_gif(animation, path)
        saved = time.perf_counter()
        with Image.open(path) as gif:
            frames = gif.n_frames

    return {
        "training": trained - start, "build": built - trained, "save": saved - built,
        "frames": frames, "baseline_mb": baseline_mb, "peak_mb": peak_megabytes(),
    }


def resident_megabytes():
    """This process's resident memory now, from /proc (Linux); None elsewhere."""
    status = Path("/proc/self/status")
    if not status.exists():
        return None
    for line in status.read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def peak_megabytes():
    """The most resident memory this process has held."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux counts ru_maxrss in kilobytes, macOS in bytes.
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


# The table -----------------------------------------------------------------------------------


def result_rows(training, animation, n_samples):
    """The rows of the results table, and whether each target is met (one per target).

    returns (rows, met): rows of (measurement, value, target, met) text
    """
    single = training["single"] / n_samples * 1e6
    sklearn = training["sklearn"] / n_samples * 1e6
    ensemble = training["ensemble"] / (n_samples * ENSEMBLE_SIZE) * 1e6
    build_and_save = animation["build"] + animation["save"]
    rows, met = [], []

    def add(measurement, value, target="", passed=None):
        rows.append((measurement, value, target, "" if passed is None else _yes(passed)))
        if passed is not None:
            met.append(passed)

    add("mlbasics.train, one network (µs/sample)", f"{single:.1f}")
    add("MLPClassifier.partial_fit (µs/sample)", f"{sklearn:.1f}")
    add("  MLPClassifier / mlbasics", f"{sklearn / single:.1f}x",
        f">= {SPEEDUP_OVER_SKLEARN}x", sklearn / single >= SPEEDUP_OVER_SKLEARN)
    add("  same weights after the epochs (max diff)", f"{training['sklearn_gap']:.0e}",
        f"<= {SAME_WEIGHTS_TOLERANCE:.0e}", training["sklearn_gap"] <= SAME_WEIGHTS_TOLERANCE)
    add(f"mlbasics.train, {ENSEMBLE_SIZE} at once (µs/network/sample)", f"{ensemble:.2f}")
    add("  MLPClassifier / ensemble", f"{sklearn / ensemble:.0f}x",
        f">= {ENSEMBLE_OVER_SKLEARN}x", sklearn / ensemble >= ENSEMBLE_OVER_SKLEARN)
    add("  one network at a time / ensemble", f"{single / ensemble:.0f}x",
        f">= {ENSEMBLE_OVER_SINGLE}x", single / ensemble >= ENSEMBLE_OVER_SINGLE)
    add("  member = the network alone (max diff)", f"{training['member_gap']:.0e}",
        f"<= {SAME_WEIGHTS_TOLERANCE:.0e}", training["member_gap"] <= SAME_WEIGHTS_TOLERANCE)
    add(f"training both networks, {SETTINGS.epochs} epochs (s)", f"{animation['training']:.2f}")
    add(f"animation: build, {animation['frames']} frames (s)", f"{animation['build']:.2f}")
    add("animation: render and save the GIF (s)", f"{animation['save']:.2f}")
    add("animation: build + save (s)", f"{build_and_save:.2f}",
        f"< {ANIMATION_SECONDS} s", build_and_save < ANIMATION_SECONDS)
    if animation["baseline_mb"] is not None:
        add("  process memory before the animation (MB)", f"{animation['baseline_mb']:.0f}")
    add("  peak memory of the process (MB)", f"{animation['peak_mb']:.0f}",
        f"< {ANIMATION_MEGABYTES} MB", animation["peak_mb"] < ANIMATION_MEGABYTES)
    return rows, met


def _yes(passed):
    return "yes" if passed else "NO"


if __name__ == "__main__":
    sys.exit(main())
