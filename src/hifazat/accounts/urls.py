from django.urls import path

from hifazat.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-in/code/", views.verify, name="verify"),
    path("sign-in/set-up-code/", views.enrol, name="enrol"),
    path("sign-out/", views.sign_out, name="logout"),
    path("activate/<str:token>/", views.activate, name="activate"),
    path("grants/", views.grant_list, name="grants"),
    path("grants/<int:pk>/<slug:decision>/", views.grant_decide, name="grant_decide"),
    path("users/", views.user_list, name="users"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/training/", views.user_training, name="user_training"),
    path("users/<int:pk>/training/<int:record_id>/withdraw/", views.user_training_withdraw,
         name="user_training_withdraw"),
    path("users/<int:pk>/sex/", views.user_sex, name="user_sex"),
    path(
        "users/<int:pk>/<slug:action>/", views.user_action, name="user_action",
    ),
]
