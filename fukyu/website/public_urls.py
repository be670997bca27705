"""The public site at the server's root: mounted last in config/urls.py, after /ops/ and /api/."""

from __future__ import annotations

from django.urls import URLPattern, path, register_converter

from fukyu.website.public_views import site_file


class SitePathConverter:
    """Any path except the back office's, the API's and Django's static prefixes."""

    regex = r"(?!ops/|api/|static/|media/)[^\x00]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SitePathConverter, "sitepath")

urlpatterns: list[URLPattern] = [
    path("", site_file, name="public_site_root"),
    path("<sitepath:path>", site_file, name="public_site_file"),
]
