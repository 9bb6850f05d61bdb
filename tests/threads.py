"""Requests that race: the same work started in several threads at the same instant."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

from django.db import connections

T = TypeVar("T")


def run_at_once(work: Callable[[T], object], arguments: Sequence[T]) -> None:
    """`work(argument)` for every argument, each in its own thread and database connection, all
    released together by a barrier; returns once every thread has finished."""
    barrier = threading.Barrier(len(arguments))

    def run(argument: T) -> None:
        try:
            barrier.wait()
            work(argument)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
