import pytest
from django.urls import reverse

from lebenswert.accounts import tasks


class ResetQueue:
    """Password resets as a browser asks for them and as the worker sends them."""

    def __init__(self, capture_on_commit):
        self.capture_on_commit = capture_on_commit
        self.queued: list[dict] = []

    def ask(self, client, email: str):
        with self.capture_on_commit(execute=True):
            return client.post(reverse("accounts:password_reset"), {"email": email})

    def run(self) -> None:
        """What the Celery worker does with the queued tasks."""
        while self.queued:
            tasks.password_reset_send(**self.queued.pop(0))


@pytest.fixture
def reset_queue(monkeypatch, django_capture_on_commit_callbacks):
    queue = ResetQueue(django_capture_on_commit_callbacks)
    monkeypatch.setattr(
        tasks.password_reset_send, "delay", lambda **kwargs: queue.queued.append(kwargs)
    )
    return queue
