"""The garbage collector, set for a long-running server process (peerlink.wsgi)."""

import gc

# Allocations (less frees) between two collections of the youngest generation; Python's
# default is 700. Every socket event allocates thousands of short-lived objects (ORM rows,
# SQL results, payloads), nearly all freed by reference counting alone: at 700 the
# collector ran several times an event, and its full passes over a heap holding every
# connected socket showed as latency spikes.
YOUNG_COLLECTION_EVERY = 20_000


def tune_garbage_collector() -> None:
    """For a long-running server: what start-up made (modules, the app, its routes and
    schemas) lives as long as the process, so move it out of the collector's sight
    (gc.freeze), and collect the youngest generation less often."""
    gc.collect()
    gc.freeze()
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, middle, oldest)
