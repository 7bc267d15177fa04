"""Who is online in chat: how many `/chat` sockets each member holds, across every server
process. With SOCKETIO_MESSAGE_QUEUE set the counts live in a Redis hash every process
shares (named after SERVER_NAME, like the queue's channel); otherwise in this process.

A process killed without closing its sockets leaves its counts behind in Redis: such a
member reads as online until their next socket connects and closes. (A restart of all
processes on one site may clear the hash with `reset`.)

Presence is a hint, never a reason to refuse: while Redis cannot be reached (a restart) a
member connects and chats as usual, reads as offline, and no presence change is announced;
a Redis restarted empty forgets who was online until they connect again.
"""

import logging
import threading

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


class RedisPresence:
    def __init__(self, url: str, server_name: str | None):
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._errors = redis.RedisError
        self._key = f"peerlink:{server_name or 'peerlink'}:chat:online"

    def connected(self, user_id: int) -> bool:
        try:
            return self._redis.hincrby(self._key, str(user_id), 1) == 1
        except self._errors as exc:
            log.warning("Presence unavailable (Redis): %s", exc)
            return False

    def disconnected(self, user_id: int) -> bool:
        try:
            left = self._redis.hincrby(self._key, str(user_id), -1)
            if left <= 0:
                self._redis.hdel(self._key, str(user_id))
                return True
        except self._errors as exc:
            log.warning("Presence unavailable (Redis): %s", exc)
        return False

    def online(self, user_ids) -> set[int]:
        user_ids = list(user_ids)
        if not user_ids:
            return set()
        try:
            counts = self._redis.hmget(self._key, [str(user_id) for user_id in user_ids])
        except self._errors as exc:
            log.warning("Presence unavailable (Redis): %s", exc)
            return set()
        return {user_id for user_id, count in zip(user_ids, counts, strict=True)
                if count is not None and int(count) > 0}

    def reset(self) -> None:
        self._redis.delete(self._key)


def presence():
    """This app's presence store (made on first use)."""
    store = current_app.extensions.get(_EXTENSION)
    if store is None:
        queue = current_app.config["SOCKETIO_MESSAGE_QUEUE"]
        store = (RedisPresence(queue, current_app.config["SERVER_NAME"]) if queue
                 else LocalPresence())
        current_app.extensions[_EXTENSION] = store
    return store
