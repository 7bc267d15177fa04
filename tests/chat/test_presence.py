"""Presence in Redis (SOCKETIO_MESSAGE_QUEUE): counted per server process, and only while
the process's heartbeat lives, so a process killed with its sockets open (`kill -9`) stops
counting them. Its death is simulated by dropping its heartbeat key (what ALIVE_TTL does
once it no longer writes it), not by waiting."""

import time
import uuid

import pytest
import redis

from peerlink.chat import presence as presence_module
from peerlink.chat.presence import ALIVE_TTL, RedisPresence

pytestmark = pytest.mark.redis


@pytest.fixture
def site(redis_url):
    """Two processes of one site of its own (no other test's counts), forgotten after."""
    name = f"presence-{uuid.uuid4().hex[:8]}"
    first, second = RedisPresence(redis_url, name), RedisPresence(redis_url, name)
    yield first, second, redis.Redis.from_url(redis_url)
    first.stop_heartbeat()
    first.reset()


def test_a_killed_process_stops_counting_its_sockets(site):
    killed, alive, store = site
    assert killed.connected(1) is True
    assert killed.connected(2) is True
    assert alive.connected(2) is False  # online already, through the other process
    assert alive.online([1, 2, 3]) == killed.online([1, 2, 3]) == {1, 2}

    store.delete(killed.alive_key(killed.process_id))  # kill -9: no heartbeat any more

    assert alive.online([1, 2, 3]) == {2}
    assert alive.connected(1) is True  # back online, on a live process
    assert alive.disconnected(2) is True  # its only live socket closed: offline
    assert alive.online([1, 2, 3]) == {1}


def test_the_heartbeat_expires_unless_written_and_a_stalled_process_counts_again(site):
    process, other, store = site
    process.connected(7)
    assert 0 < store.ttl(process.alive_key(process.process_id)) <= ALIVE_TTL
    store.delete(process.alive_key(process.process_id))
    assert other.online([7]) == set()
    process.beat()  # it was only stalled: its next heartbeat counts its sockets again
    assert other.online([7]) == {7}


def test_a_background_task_writes_the_heartbeat(app, site, monkeypatch):
    process, other, store = site
    monkeypatch.setattr(presence_module, "BEAT_EVERY", 0.05)
    process.connected(5)
    store.delete(process.alive_key(process.process_id))
    process.start_heartbeat()
    deadline = time.monotonic() + 10
    while not other.online([5]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert other.online([5]) == {5}, "the heartbeat was not written again"
    process.stop_heartbeat()


def test_a_dead_process_whose_counts_expired_is_forgotten(site):
    killed, alive, store = site
    killed.connected(3)
    store.delete(killed.alive_key(killed.process_id),
                 f"{killed._prefix}:online:{killed.process_id}")  # HASH_TTL lapsed too
    assert alive.online([3]) == set()
    members = {m.decode() for m in store.smembers(f"{alive._prefix}:processes")}
    assert killed.process_id not in members
