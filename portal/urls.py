"""Pages of the applicants' online hall (网上办事大厅), under /online/."""

from django.urls import path

from portal import views_account, views_apply, views_cases, views_library, views_public

app_name = "portal"

urlpatterns = [
    path("online/", views_public.home, name="home"),
    path("online/register/", views_account.register, name="register"),
    path("online/login/", views_account.PortalLoginView.as_view(), name="login"),
    path("online/apply/<str:code>/", views_apply.apply, name="apply"),
    path("online/cases/", views_cases.my_cases, name="my-cases"),
    path("online/cases/<str:number>/", views_cases.case_detail, name="case-detail"),
    path("online/cases/<str:number>/materials/", views_apply.case_materials, name="case-materials"),
    path("online/cases/<str:number>/withdraw/", views_cases.withdraw, name="withdraw"),
    path("online/cases/<str:number>/delivery/", views_cases.delivery, name="delivery"),
    path("online/cases/<str:number>/certificate/", views_cases.certificate, name="certificate"),
    path("online/library/", views_library.library, name="library"),
    path("online/library/<int:pk>/file/", views_library.library_file, name="library-file"),
    path("online/progress/", views_public.progress, name="progress"),
    path("online/verify/<str:code>/", views_public.verify, name="verify"),
]
