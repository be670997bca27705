from django.urls import URLPattern, URLResolver, path

from fukyu.privacy.views import access, incidents, register

app_name = "privacy"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", access.overview, name="overview"),
    path("access-log/", access.access_log, name="access_log"),
    path("access-log.csv", access.access_log_csv, name="access_log_csv"),
    path("exports/", access.export_list, name="exports"),
    path("exports/new/", access.export_new, name="export_new"),
    path("exports/<int:pk>/", access.export_detail, name="export"),
    path("purges/", access.purge_list, name="purges"),
    path("purges/<int:pk>/certificate.pdf", access.purge_certificate, name="certificate"),
    path("contacts/<int:pk>/reveal/", access.contact_reveal, name="contact_reveal"),
    path("inspection-pack.zip", access.pack_download, name="pack"),
    path("locations/", register.location_index, name="locations"),
    path("locations/new/", register.location_new, name="location_new"),
    path("trainings/", register.training_index, name="trainings"),
    path("trainings/new/", register.training_new, name="training_new"),
    path("trainings/<int:pk>/", register.training_detail, name="training"),
    path("procedures/", register.procedure_index, name="procedures"),
    path("procedures/new/", register.procedure_new, name="procedure_new"),
    path("procedures/<int:pk>/file", register.procedure_file, name="procedure_file"),
    path("subcontracts/", register.subcontract_index, name="subcontracts"),
    path("subcontracts/new/", register.subcontract_new, name="subcontract_new"),
    path("subcontracts/<int:pk>/", register.subcontract_detail, name="subcontract"),
    path("inspections/", register.inspection_index, name="inspections"),
    path("inspections/new/", register.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", register.inspection_detail, name="inspection"),
    path("instructions/", register.instruction_index, name="instructions"),
    path("instructions/new/", register.instruction_new, name="instruction_new"),
    path("instructions/<int:pk>/", register.instruction_detail, name="instruction"),
    path("incidents/", incidents.incident_index, name="incidents"),
    path("incidents/new/", incidents.incident_new, name="incident_new"),
    path("incidents/<int:pk>/", incidents.incident_detail, name="incident"),
    path("incidents/<int:pk>/report.pdf", incidents.incident_pdf, name="incident_pdf"),
    path("incidents/<int:pk>/contacts/new/", incidents.contact_new, name="contact_new"),
]
