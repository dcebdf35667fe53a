"""What the grading queue's broker keeps through a restart: the worker warns when it keeps nothing.

Submissions are safe whatever the broker does (the database is the source of truth, and the
sweeper sends again what a broker lost), but a broker that keeps its messages recovers in
seconds instead of GRADING_RESEND_AFTER. With Redis that means AOF (`appendonly yes`, as
docker-compose.yml runs it) or at least RDB snapshots.
"""

import logging
from urllib.parse import urlparse

import redis

logger = logging.getLogger(__name__)


def redis_persistence(url: str) -> dict[str, bool]:
    """{'aof': …, 'rdb': …}: whether the Redis server at `url` keeps its data on disk."""
    client = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3)
    try:
        try:
            config = client.config_get("appendonly") | client.config_get("save")
            return {"aof": config.get("appendonly") == "yes", "rdb": bool(config.get("save", "").strip())}
        except redis.ResponseError:  # CONFIG renamed or disabled (managed Redis): INFO still says
            info = client.info("persistence")
            return {"aof": bool(info.get("aof_enabled")), "rdb": info.get("rdb_last_save_time", 0) > 0}
    finally:
        client.close()


def persistence_warning(url: str) -> str | None:
    """A warning for the worker's log when the broker keeps nothing through a restart, else None."""
    if urlparse(url).scheme not in ("redis", "rediss"):
        return None  # the quick start's filesystem queue is files on disk; RabbitMQ queues are durable
    try:
        persistence = redis_persistence(url)
    except redis.RedisError as exc:
        return f"could not ask the broker whether it keeps its messages: {exc}"
    if persistence["aof"] or persistence["rdb"]:
        return None
    return (
        "the Redis broker keeps nothing on disk (neither AOF nor RDB): a restart loses the queued "
        "gradings, which the sweeper then sends again only after GRADING_RESEND_AFTER seconds. "
        "Run Redis with --appendonly yes (docker-compose.yml does)."
    )
