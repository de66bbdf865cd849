"""The id of the request being served, for the change records it causes."""

import uuid
from contextlib import contextmanager
from contextvars import ContextVar

current_request_id: ContextVar[str] = ContextVar("current_request_id", default="")


class RequestIdMiddleware:
    """Takes X-Request-ID from the proxy or makes one; echoes it in the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming[:64] if incoming.isprintable() and incoming else ""
        request.request_id = request_id or uuid.uuid4().hex
        token = current_request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response.headers["X-Request-ID"] = request.request_id
        return response


# Who is acting in this request, for records of writes that are not given an actor.
current_actor: ContextVar[object | None] = ContextVar("current_actor", default=None)


def request_actor():
    """The logged-in user of the current request, or None."""
    user = current_actor.get()
    return user if user is not None and user.is_authenticated else None


# A writer that is no account (an API token) names itself for the history: its
# changes are recorded without an actor account, under this name.
current_actor_name: ContextVar[str] = ContextVar("current_actor_name", default="")


@contextmanager
def acting_as(name: str):
    """Record the changes made inside under `name` (e.g. an API token's)."""
    token = current_actor_name.set(name)
    try:
        yield
    finally:
        current_actor_name.reset(token)


class ActorMiddleware:
    """Makes the logged-in user known to the audit trail (`request_actor`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_actor.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            current_actor.reset(token)


class RequestIdFilter:
    """Logging filter: every record carries the id of the request it came from
    ("-" outside a request), so a log line matches the id on the error page."""

    def filter(self, record) -> bool:
        record.request_id = current_request_id.get() or "-"
        return True
