from django.urls import path

from panelist.webhooks import views

urlpatterns = [
    path("", views.subscription_list, name="webhook-list"),
    path("new/", views.subscription_create, name="webhook-create"),
    path("<int:subscription_id>/", views.subscription_detail, name="webhook-detail"),
    path("<int:subscription_id>/edit/", views.subscription_edit, name="webhook-edit"),
    path("<int:subscription_id>/rotate/", views.subscription_rotate, name="webhook-rotate"),
    path("<int:subscription_id>/active/", views.subscription_active, name="webhook-active"),
    path("<int:subscription_id>/test/", views.subscription_test, name="webhook-test"),
    path("<int:subscription_id>/delete/", views.subscription_delete, name="webhook-delete"),
]
