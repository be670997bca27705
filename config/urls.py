from django.urls import include, path, re_path

from config.api import api, api_not_found

urlpatterns = [
    # First: the API is the busiest prefix (softphones log every call through it).
    path("api/v1/", api.urls),
    # Any other path under /api/ answers JSON, as the API does, not the staff site's HTML 404.
    re_path(r"^api/", api_not_found),
    path("ops/", include("fukyu.accounts.urls")),
    path("ops/", include("fukyu.core.urls")),
    path("ops/audit/", include("fukyu.audit.urls")),
    path("ops/callcenter/", include("fukyu.callcenter.urls")),
    path("ops/staffing/", include("fukyu.staffing.urls")),
    path("ops/outreach/", include("fukyu.outreach.urls")),
    path("ops/website/", include("fukyu.website.urls")),
    path("ops/publicity/", include("fukyu.publicity.urls")),
    path("ops/governance/", include("fukyu.governance.urls")),
    path("ops/privacy/", include("fukyu.privacy.urls")),
    path("ops/reports/", include("fukyu.reports.urls")),
    path("", include("fukyu.website.public_urls")),
]
