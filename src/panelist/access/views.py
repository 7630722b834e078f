"""The signed-in person's own security page: where they are signed in, their API tokens and
their second factor, with "sign out everywhere else"."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.usersessions.views import ListUserSessionsView
from django.contrib import messages
from django.http import HttpResponse
from django.urls import reverse_lazy

from panelist.access import permissions
from panelist.api.models import ApiToken


class SecurityView(ListUserSessionsView):
    template_name = "access/security.html"
    success_url = reverse_lazy("account-security")

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["tokens"] = ApiToken.objects.filter(user=user)
        context["authenticator_types"] = set(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        )
        context["two_factor_required"] = permissions.requires_two_factor(user)
        return context

    def form_valid(self, form) -> HttpResponse:
        form.save(self.request)
        messages.success(
            self.request, "Signed out of every other session; this one stays signed in."
        )
        return super(ListUserSessionsView, self).form_valid(form)


security = SecurityView.as_view()
