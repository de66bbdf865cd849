"""Settings for `make bench`: the project's settings plus the bare floor views."""

from lebenswert.settings import *  # noqa: F403
from lebenswert.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
