from django.urls import path

from commitments import api

urlpatterns = [
    path("commitments/", api.CommitmentList.as_view(), name="api-commitments"),
    path("commitments/counts/", api.Counts.as_view(), name="api-commitment-counts"),
    path("commitments/<int:pk>/", api.CommitmentDetail.as_view(), name="api-commitment"),
    path("commitments/<int:pk>/supply/", api.CommitmentSupply.as_view(), name="api-commitment-supply"),
    path("commitments/<int:pk>/verify/", api.CommitmentVerify.as_view(), name="api-commitment-verify"),
    path("commitment-letters/<str:number>/", api.LetterDetail.as_view(), name="api-commitment-letter"),
    path("commitment-letters/<str:number>/sign/", api.LetterSign.as_view(), name="api-commitment-letter-sign"),
    path("commitment-letters/<str:number>/onsite-check/", api.OnsiteCheck.as_view(), name="api-onsite-check"),
    path("rectifications/", api.RectificationList.as_view(), name="api-rectifications"),
    path("credit-listings/", api.CreditListingList.as_view(), name="api-credit-listings"),
    path("credit-listings/<int:pk>/repair/", api.CreditListingRepair.as_view(), name="api-credit-listing-repair"),
    path("revocations/", api.Revocation.as_view(), name="api-revocations"),
]
