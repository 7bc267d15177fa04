"""Presence in Redis (SOCKETIO_MESSAGE_QUEUE): counted per server process, and only while
the process's heartbeat lives, so a process killed with its sockets open (`kill -9`) stops
counting them. Its death is simulated by dropping its heartbeat key (what ALIVE_TTL does
once it no longer writes it), not by waiting."""

import time
import uuid

import pytest
import redis

from peerlink.chat import presence as presence_module
from peerlink.chat import services
from peerlink.chat.presence import ALIVE_TTL, DEAD_AFTER, RedisPresence
from tests.factories import clinician, connect

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


def _silent_for(store, process, seconds):
    """The process last beat `seconds` ago and its heartbeat has lapsed (a kill -9)."""
    store.delete(process.alive_key(process.process_id))
    store.hset(f"{process._prefix}:last-beat", process.process_id, time.time() - seconds)


def test_a_dead_process_is_reaped_once_and_only_its_last_members_go_offline(site):
    killed, alive, store = site
    killed.connected(1)
    killed.connected(2)
    alive.connected(2)  # also connected through the live process
    _silent_for(store, killed, DEAD_AFTER + 1)
    assert alive.reap_dead() == [1]
    assert alive.reap_dead() == []  # reaped once: nobody is announced twice
    assert not store.exists(f"{killed._prefix}:online:{killed.process_id}")
    assert alive.online([1, 2]) == {2}


def test_a_process_silent_for_less_than_dead_after_is_not_reaped(site):
    stalled, alive, store = site
    stalled.connected(4)
    _silent_for(store, stalled, DEAD_AFTER / 2)
    assert alive.reap_dead() == []
    assert alive.online([4]) == set()  # ignored while its heartbeat is lapsed
    stalled.beat()  # it was only stalled
    assert alive.online([4]) == {4}


def test_the_contacts_of_a_dead_process_members_hear_them_go_offline(app, site, chat_socket):
    """The reaper announces through the chat service: Ben, whose socket is on a live
    process, hears that Ana (counted only by the dead one) is offline."""
    killed, alive, store = site
    ana, ben = clinician("Ana Dead-Process"), clinician("Ben Alive")
    connect(ana, ben)
    room = services.start_direct(ana, [ben.id])
    listening = chat_socket(ben)
    assert listening.emit("join", {"room_id": room.id})["ok"] is True
    killed.connected(ana.id)
    _silent_for(store, killed, DEAD_AFTER + 1)
    alive.app = app
    alive.announce_dead_offline()
    assert {"user_id": ana.id, "online": False} in listening.received("presence")
