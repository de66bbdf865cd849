"""Redis (cache) and the Celery broker made unreachable for a test: both point at
a closed port on this machine, so every connection is refused at once."""

from collections.abc import Iterator
from contextlib import contextmanager

from lebenswert.celery import app
from lebenswert.settings import redis_cache

CLOSED_PORT_URL = "redis://127.0.0.1:1/0"


def _reset_app_connections() -> None:
    # The producer pool and amqp helpers cache the broker connection.
    app._pool = None
    app.__dict__.pop("amqp", None)


def cache_down(settings) -> None:
    """The production cache configuration, on a Redis nobody listens to."""
    settings.CACHES = {"default": redis_cache(CLOSED_PORT_URL)}


@contextmanager
def broker_down() -> Iterator[None]:
    """The Celery app publishes to a Redis broker nobody listens to."""
    keys = ("broker_url", "broker_transport_options")
    previous = {key: app.conf[key] for key in keys}
    app.conf.update(broker_url=CLOSED_PORT_URL, broker_transport_options={})
    _reset_app_connections()
    try:
        yield
    finally:
        app.conf.update(previous)
        _reset_app_connections()
