"""Which matrix library the models multiply with, and on how many threads.

thinc's CPU ops multiply through blis by default. The OpenBLAS that numpy's wheels carry picks
a kernel for the CPU it finds at run time (DYNAMIC_ARCH), and on the 2-core AMD EPYC we develop on
it multiplies the shapes of our tok2vec and parser about 2.7 times as fast as blis on one
thread (87 against 33 GFLOP/s), which makes the whole model 1.3 times as fast on one thread and
1.6 times on two (models/README.md has the runs). So the models are built with thinc's
NumpyOps(use_blis=False), whose matrix products go to numpy. The parser's per-step products
inside spaCy's Cython code still use blis: thinc gives no way to point them elsewhere.

OpenBLAS starts one thread per core. Worker processes share the cores, so each is held to its
share (`limit_blas_threads`), or the threads of several workers would fight over them.
"""
from __future__ import annotations

import os
from contextlib import nullcontext

from thinc.api import NumpyOps, get_current_ops, use_ops

# KK_BLIS=1 builds models with thinc's default (blis), for comparisons such as `make bench`'s.
ENV_BLIS = "KK_BLIS"


def numpy_matmul_ops():
    """A context in which the models spaCy builds multiply through numpy; a no-op where the
    current ops are not thinc's plain CPU ops (a GPU, Apple's ops) or KK_BLIS=1 asks for blis."""
    ops = get_current_ops()
    if os.environ.get(ENV_BLIS) == "1" or type(ops) is not NumpyOps or not ops.use_blis:
        return nullcontext()
    return use_ops("numpy", use_blis=False)


def blas_threads_per_worker(workers: int, cores: int | None = None) -> int:
    """Each of `workers` processes' share of the cores, at least one."""
    if cores is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, cores // max(1, workers))


def limit_blas_threads(workers: int) -> None:
    """Holds the matrix libraries of this process to its share of the cores (a worker's
    initialiser calls it: the limit holds for the rest of the process's life)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=blas_threads_per_worker(workers), user_api="blas")
