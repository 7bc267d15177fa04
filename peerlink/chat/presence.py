"""Who is online in chat: how many `/chat` sockets each member holds, across every server
process. With SOCKETIO_MESSAGE_QUEUE set the counts live in Redis, shared by every process
(named after SERVER_NAME, like the queue's channel); otherwise in this process.

In Redis each process keeps its own counts (a hash `...:chat:online:<process id>`) and a
heartbeat key `...:chat:alive:<process id>` that expires ALIVE_TTL seconds after it was last
written; a background task writes it every BEAT_EVERY seconds. A member is online while a
process whose heartbeat is alive counts a socket of theirs. So a process killed without
closing its sockets (`kill -9`, a lost machine) stops counting at most ALIVE_TTL seconds
later: its members read as offline (a `join` reads right). A process that was only paused (a
short stall) counts again at its next heartbeat. Once a process has been silent for
DEAD_AFTER seconds (longer than Engine.IO's ping timeout: its sockets are gone by then, their
clients connected again elsewhere), one live process reaps it: drops its counts and announces
`presence` offline to the contacts of each member it was the last to count.

Presence is a hint, never a reason to refuse: while Redis cannot be reached (a restart) a
member connects and chats as usual, reads as offline, and no presence change is announced;
a Redis restarted empty forgets who was online until they connect again.
"""

import logging
import threading
import time
import uuid

from flask import current_app

_EXTENSION = "peerlink.chat.presence"


class LocalPresence:
    def __init__(self):
        self._counts: dict[int, int] = {}
        self._lock = threading.Lock()

    def connected(self, user_id: int) -> bool:
        """Count one more socket; True when the member just came online."""
        with self._lock:
            self._counts[user_id] = self._counts.get(user_id, 0) + 1
            return self._counts[user_id] == 1

    def disconnected(self, user_id: int) -> bool:
        """Count one socket less; True when the member just went offline."""
        with self._lock:
            left = self._counts.get(user_id, 0) - 1
            if left <= 0:
                self._counts.pop(user_id, None)
                return True
            self._counts[user_id] = left
            return False

    def online(self, user_ids) -> set[int]:
        with self._lock:
            return {user_id for user_id in user_ids if self._counts.get(user_id, 0) > 0}

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()


log = logging.getLogger(__name__)


# A process's heartbeat lives this long unless written again; it is written this often.
ALIVE_TTL = 30
BEAT_EVERY = 10
# A dead process's counts, ignored once its heartbeat lapsed, are gone after this too.
HASH_TTL = 24 * 3600
# Silent this long, a process is dead: its clients' pings (every 25 s, 20 s to answer)
# have failed and they connected elsewhere. Then a live process reaps its counts.
DEAD_AFTER = 60


class RedisPresence:
    def __init__(self, url: str, server_name: str | None, process_id: str | None = None):
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._errors = redis.RedisError
        self._prefix = f"peerlink:{server_name or 'peerlink'}:chat"
        self._processes = f"{self._prefix}:processes"  # every process that counted
        self._last_beats = f"{self._prefix}:last-beat"  # process -> when it last beat
        self.process_id = process_id or uuid.uuid4().hex
        self._beating = False
        self.app = None  # set by presence(): the reaper announces in its app context

    def _counts_key(self, process_id: str) -> str:
        return f"{self._prefix}:online:{process_id}"

    def alive_key(self, process_id: str) -> str:
        return f"{self._prefix}:alive:{process_id}"

    def beat(self) -> None:
        """This process is alive: for ALIVE_TTL seconds more."""
        with self._redis.pipeline() as pipe:
            pipe.set(self.alive_key(self.process_id), 1, ex=ALIVE_TTL)
            pipe.sadd(self._processes, self.process_id)
            pipe.hset(self._last_beats, self.process_id, time.time())
            pipe.expire(self._counts_key(self.process_id), HASH_TTL)
            pipe.execute()

    def start_heartbeat(self) -> None:
        """Write the heartbeat every BEAT_EVERY seconds for as long as the process lives
        (a Socket.IO background task: a greenlet under gevent, else a daemon thread)."""
        if self._beating:
            return
        self._beating = True
        from peerlink.extensions import socketio

        socketio.start_background_task(self._beat_forever)

    def _beat_forever(self) -> None:
        from peerlink.extensions import socketio

        while self._beating:
            try:
                self.beat()
                self.announce_dead_offline()
            except self._errors as exc:
                log.warning("Presence heartbeat not written (Redis): %s", exc)
            socketio.sleep(BEAT_EVERY)

    def reap_dead(self) -> list[int]:
        """Drop the counts of every process silent for DEAD_AFTER seconds (each reaped by
        one live process: a claim key); returns the members one of them counted who no live
        process counts: they went offline with it."""
        now, gone = time.time(), set()
        for process_id in sorted(m.decode() for m in self._redis.smembers(self._processes)):
            if process_id == self.process_id or self._redis.exists(self.alive_key(process_id)):
                continue
            last = self._redis.hget(self._last_beats, process_id)
            if last is not None and now - float(last) < DEAD_AFTER:
                continue  # lapsed, maybe only stalled: its counts are ignored meanwhile
            claim = f"{self._prefix}:reaped:{process_id}"
            if not self._redis.set(claim, self.process_id, nx=True, ex=HASH_TTL):
                continue  # another live process reaps it
            counts = self._redis.hgetall(self._counts_key(process_id))
            with self._redis.pipeline() as pipe:
                pipe.delete(self._counts_key(process_id))
                pipe.srem(self._processes, process_id)
                pipe.hdel(self._last_beats, process_id)
                pipe.execute()
            gone |= {int(user) for user, count in counts.items() if int(count) > 0}
        if not gone:
            return []
        totals = self._totals(sorted(gone))
        return sorted(user_id for user_id in gone if not totals[user_id])

    def announce_dead_offline(self) -> None:
        """Tell the contacts of the members a dead process took offline with it."""
        gone = self.reap_dead()
        if not gone or self.app is None:
            return
        from peerlink.chat.services import announce_presence

        with self.app.app_context():
            for user_id in gone:
                announce_presence(user_id, False)

    def stop_heartbeat(self) -> None:
        self._beating = False

    def _live_processes(self) -> list[str]:
        """The processes whose heartbeat is alive; forgets those whose counts are gone."""
        members = sorted(m.decode() for m in self._redis.smembers(self._processes))
        if not members:
            return []
        with self._redis.pipeline(transaction=False) as pipe:
            for process_id in members:
                pipe.exists(self.alive_key(process_id))
                pipe.exists(self._counts_key(process_id))
            found = pipe.execute()
        alive = [process_id for i, process_id in enumerate(members) if found[2 * i]]
        gone = [process_id for i, process_id in enumerate(members)
                if not found[2 * i] and not found[2 * i + 1]]
        if gone:
            self._redis.srem(self._processes, *gone)
            self._redis.hdel(self._last_beats, *gone)
        return alive

    def _totals(self, user_ids: list[int], *, besides_me: bool = False) -> dict[int, int]:
        """Each member's sockets counted by live processes (this one left out: besides_me)."""
        processes = [process_id for process_id in self._live_processes()
                     if not (besides_me and process_id == self.process_id)]
        totals = dict.fromkeys(user_ids, 0)
        if not processes or not user_ids:
            return totals
        fields = [str(user_id) for user_id in user_ids]
        with self._redis.pipeline(transaction=False) as pipe:
            for process_id in processes:
                pipe.hmget(self._counts_key(process_id), fields)
            for counts in pipe.execute():
                for user_id, count in zip(user_ids, counts, strict=True):
                    totals[user_id] += max(int(count or 0), 0)
        return totals

    def connected(self, user_id: int) -> bool:
        try:
            self.beat()
            mine = self._redis.hincrby(self._counts_key(self.process_id), str(user_id), 1)
            return mine == 1 and not self._totals([user_id], besides_me=True)[user_id]
        except self._errors as exc:
            log.warning("Presence unavailable (Redis): %s", exc)
            return False

    def disconnected(self, user_id: int) -> bool:
        try:
            key = self._counts_key(self.process_id)
            left = self._redis.hincrby(key, str(user_id), -1)
            if left > 0:
                return False
            self._redis.hdel(key, str(user_id))
            return not self._totals([user_id], besides_me=True)[user_id]
        except self._errors as exc:
            log.warning("Presence unavailable (Redis): %s", exc)
        return False

    def online(self, user_ids) -> set[int]:
        user_ids = list(user_ids)
        if not user_ids:
            return set()
        try:
            totals = self._totals(user_ids)
        except self._errors as exc:
            log.warning("Presence unavailable (Redis): %s", exc)
            return set()
        return {user_id for user_id, count in totals.items() if count > 0}

    def reset(self) -> None:
        """Forget every process's counts on this site (all processes restarting)."""
        keys = list(self._redis.scan_iter(f"{self._prefix}:online:*"))
        keys += list(self._redis.scan_iter(f"{self._prefix}:alive:*"))
        keys += list(self._redis.scan_iter(f"{self._prefix}:reaped:*"))
        self._redis.delete(self._processes, self._last_beats, *keys)


def presence():
    """This app's presence store (made on first use)."""
    store = current_app.extensions.get(_EXTENSION)
    if store is None:
        queue = current_app.config["SOCKETIO_MESSAGE_QUEUE"]
        if queue:
            store = RedisPresence(queue, current_app.config["SERVER_NAME"])
            store.app = current_app._get_current_object()
            store.start_heartbeat()
        else:
            store = LocalPresence()
        current_app.extensions[_EXTENSION] = store
    return store
