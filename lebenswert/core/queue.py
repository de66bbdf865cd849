"""Handing work to the Celery workers when the broker may be unreachable."""

import logging

from kombu.exceptions import OperationalError as KombuOperationalError

logger = logging.getLogger(__name__)

# What publishing raises when Redis (or the filesystem broker) cannot be reached.
BROKER_ERRORS = (KombuOperationalError, OSError)


def enqueue(task, /, *args, **kwargs) -> bool:
    """Publish `task` with these arguments; False (and a log line) if the broker
    is unreachable. Callers decide what the person is told and what is kept."""
    try:
        task.delay(*args, **kwargs)
    except BROKER_ERRORS as error:
        logger.error("%s could not be queued: %s", task.name, error)
        return False
    return True
