"""Running job workers: one huey consumer per worker process, after queueing again what a killed worker left."""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from typing import Any

from qbank.config import Settings


def run_worker(settings: Settings, workers: int | None = None) -> None:
    """Recover interrupted files, then consume the queue until SIGINT (finish the running jobs) or SIGTERM.

    Each worker is a process of its own running a one-thread consumer: parsing and storing are
    Python work (one process, one core), and a job parses its file in a memory-limited child
    process, which huey's own (daemonic) worker processes may not start.
    """
    from qbank.jobs.queue import recover
    from qbank.runtime import Runtime

    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(process)d %(name)s %(levelname)s %(message)s")
    rt = Runtime(settings)
    try:
        recover(rt)
    finally:
        rt.dispose()  # the workers fork from here: each makes its own engine
    parent = os.environ.get("QBANK_WORKER_PARENT")
    if parent and parent.isdigit():
        _stop_when_orphaned(int(parent))  # started by `qbank serve` or `qbank import`: do not outlive it
    n = max(1, workers or settings.workers)
    if n == 1:
        _consume(settings, periodic=True)
        return
    ctx = mp.get_context("fork")
    children = [ctx.Process(target=_consume, args=(settings, i == 0, os.getpid()), name=f"qbank-worker-{i + 1}") for i in range(n)]
    for child in children:
        child.start()

    def forward(signum: int, _frame: Any) -> None:
        for child in children:
            if child.pid and child.is_alive():
                try:
                    os.kill(child.pid, signum)
                except ProcessLookupError:
                    pass

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)
    for child in children:
        child.join()


def _stop_when_orphaned(parent: int) -> None:
    """Interrupt this process (SIGINT: running jobs finish) once ``parent`` is no longer its parent."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os.kill(os.getpid(), signal.SIGINT)

    threading.Thread(target=watch, name="qbank-parent-watch", daemon=True).start()


def _consume(settings: Settings, periodic: bool, parent: int | None = None) -> None:
    from qbank.jobs.queue import make_queue

    if parent is not None:
        _stop_when_orphaned(parent)  # the `qbank worker` that forked us was killed: stop too

    huey = make_queue(settings)
    consumer = huey.create_consumer(workers=1, worker_type="thread", periodic=periodic, initial_delay=0.05, max_delay=0.5, backoff=1.3)
    consumer.run()


class ThreadedWorkers:
    """Workers as threads of this process, on a given Runtime: for tests, benchmarks and a one-process server.

    ``with ThreadedWorkers(runtime, 2): ...`` consumes the queue until the block ends (running jobs
    finish first). No signal handlers are touched, so it runs beside any main loop.
    """

    def __init__(self, runtime: Any, workers: int = 2):
        from qbank.jobs.queue import bind_runtime, make_queue

        bind_runtime(runtime.settings, runtime)
        self.runtime = runtime
        self.consumer = make_queue(runtime.settings).create_consumer(workers=workers, worker_type="thread", initial_delay=0.02,
                                                                     max_delay=0.2, backoff=1.3)

    def __enter__(self) -> ThreadedWorkers:
        from qbank.jobs.queue import recover

        recover(self.runtime)
        self.consumer.scheduler.start()
        for _, thread in self.consumer.worker_threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        from qbank.jobs.queue import bind_runtime

        self.consumer.stop(graceful=True)
        bind_runtime(self.runtime.settings, None)
