from django.urls import include, path

from config.api import api

urlpatterns = [
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
    path("api/v1/", api.urls),
    path("", include("fukyu.website.public_urls")),
]
