from django.urls import path

from hifazat.notices import views

app_name = "notices"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("contacts/", views.contacts, name="contacts"),
    path("contacts/<int:pk>/remove/", views.remove_contact, name="remove_contact"),
]
