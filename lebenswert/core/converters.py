"""URL converters shared by the apps: municipalities are addressed by their AGS."""

from django.urls import register_converter


class AgsConverter:
    regex = r"\d{8}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(AgsConverter, "ags")
