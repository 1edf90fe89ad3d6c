from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from displace.web.accounts import people, views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"),
         name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.switch_language, name="language"),
    path("calendar/renew/", views.calendar_link, name="calendar-renew"),
    path("account/", views.account, name="account"),
    path("account/password/", views.change_password, name="password"),
    path("people/", people.people_page, name="people"),
    path("people/<int:user_id>/password/", people.reset_password, name="people-password"),
    path("people/<int:user_id>/active/", people.set_active, name="people-active"),
    path("people/unlock/", people.unlock, name="people-unlock"),
]
