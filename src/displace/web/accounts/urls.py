from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from displace.web.accounts import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"),
         name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.switch_language, name="language"),
    path("calendar/renew/", views.calendar_link, name="calendar-renew"),
    path("account/", views.account, name="account"),
]
