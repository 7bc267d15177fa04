"""A server process collects its youngest objects less often and leaves start-up's alone."""

import gc

from peerlink.gc_tuning import YOUNG_COLLECTION_EVERY, tune_garbage_collector


def test_the_server_collects_less_often_and_freezes_what_start_up_made():
    before = gc.get_threshold()
    try:
        tune_garbage_collector()
        assert gc.get_threshold() == (YOUNG_COLLECTION_EVERY, *before[1:])
        assert YOUNG_COLLECTION_EVERY > before[0]
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
