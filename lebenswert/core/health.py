"""The state of the services the portal depends on, for /healthz/.

Each check is bounded by a short timeout (database connect, Redis socket and
Celery broker connection timeouts in settings), so the check itself never hangs.
"""

import logging

from django.core.cache import caches
from django.db import connection

logger = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    # Redis errors are ignored by the cache itself (pages degrade to uncached);
    # here the server is asked directly. An in-process cache cannot be down.
    if caches["default"].__module__.startswith("django_redis"):
        from django_redis import get_redis_connection

        get_redis_connection("default").ping()


def _broker() -> None:
    # The project's Celery app, the one the tasks (shared_task) publish through.
    from celery import current_app

    with current_app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=0)


CHECKS = {"database": _database, "cache": _cache, "broker": _broker}


def dependency_status() -> dict[str, bool]:
    """Whether each dependency answers, by name."""
    status = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:  # whatever the client raises, the service is down
            logger.warning("Health check: %s is not reachable", name, exc_info=True)
            status[name] = False
        else:
            status[name] = True
    return status
