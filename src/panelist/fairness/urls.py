from django.urls import path

from panelist.fairness import views

urlpatterns = [
    path("adverse-impact/", views.report, name="fairness-report"),
    path("adverse-impact/print/", views.report_print, name="fairness-report-print"),
    path("adverse-impact.csv", views.report_csv, name="fairness-report-csv"),
]
