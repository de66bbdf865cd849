from django.conf import settings


def portal(request) -> dict:
    return {"DEMO_MODE": settings.DEMO_MODE}
