"""REST for the online hall: validate → call a portal service/selector → serialize."""

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from approvals.api.action_schema import CaseActionSchema
from approvals.api.views import action_input
from portal import selectors, services
from portal.api import serializers as s
from portal.views_common import base_url
from portal.views_public import QUERY_LIMIT, QUERY_WINDOW_SECONDS

TAG = ["网上办事大厅"]
_NOT_FOUND = inline_serializer("PortalNotFound", {"detail": serializers.CharField()})


def _detail(request, case):
    case = selectors.my_case_detail(user=request.user, number=case.number)
    return s.PortalCaseDetailSerializer(case, context={"request": request}).data


class RegisterView(APIView):
    permission_classes = [AllowAny]
    throttle_scope = "portal-register"

    @extend_schema(
        tags=TAG, summary="注册申请人账号", request=s.PortalRegisterSerializer, responses={201: s.PortalTokenSerializer}
    )
    def post(self, request):
        data = _valid(s.PortalRegisterSerializer, request)
        user = services.applicant_register(**data)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"username": user.username, "token": token.key}, status=status.HTTP_201_CREATED)


class MyCasesView(ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = s.PortalCaseSummarySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return selectors.Case.objects.none()
        return selectors.my_cases(user=self.request.user, state=self.request.query_params.get("state") or None)

    @extend_schema(tags=TAG, summary="我的办件")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAG,
        summary="网上申报（创建草稿）",
        request=s.PortalApplySerializer,
        responses={201: s.PortalCaseDetailSerializer},
    )
    def post(self, request):
        data = _valid(s.PortalApplySerializer, request)
        try:
            item = selectors.online_item(code=data["item"])
        except Http404 as exc:
            raise serializers.ValidationError({"item": [_("事项不存在。")]}) from exc
        services.library_sync_results(owner=request.user, base_url=base_url(request))
        case = services.application_start(item=item, by=request.user)
        return Response(_detail(request, case), status=status.HTTP_201_CREATED)


class CaseDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG, summary="办件详情（状态、时限、材料、办理过程、可办操作）", responses=s.PortalCaseDetailSerializer
    )
    def get(self, request, number):
        return Response(_detail(request, selectors.my_case(user=request.user, number=number)))


class CaseMaterialView(APIView):
    permission_classes = [IsAuthenticated]
    error_codes = (413,)  # an oversized file
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        tags=TAG,
        summary="上传材料或从材料库选用",
        request=s.PortalMaterialUploadSerializer,
        responses=s.PortalCaseDetailSerializer,
    )
    def post(self, request, number):
        case = selectors.my_case(user=request.user, number=number)
        data = _valid(s.PortalMaterialUploadSerializer, request)
        if data.get("file"):
            rid = data["requirement"]
            services.application_upload(case=case, requirement_id=rid, file=data["file"], by=request.user)
        else:
            services.application_use_library(
                case=case, requirement_id=data["requirement"], library_id=data["library_material"], by=request.user
            )
        return Response(_detail(request, case))


class PortalActionSchema(CaseActionSchema):
    def get_operation_id(self):
        return f"portal_cases_{self.row.slug.replace('-', '_')}"

    def get_tags(self):
        return TAG

    def get_response_serializers(self):
        return s.PortalCaseDetailSerializer


class CaseActionView(APIView):
    """submit / supplement / withdraw / delivery of the applicant's own case. Given to as_view: the
    row of approvals.actions (its form is the body) and the service to run — the portal's
    application_* services add the portal's checks, delivery runs the row's own service."""

    permission_classes = [IsAuthenticated]
    schema = PortalActionSchema()
    row = None
    service = None  # portal.services.application_*: (case=, by=, **form.cleaned_data)

    def post(self, request, number):
        case = selectors.my_case(user=request.user, number=number)
        self.service(case=case, by=request.user, **action_input(self.row, case, request.data))
        return Response(_detail(request, case))


class CertificateView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG,
        summary="领取/下载电子证照（PDF）",
        request=None,
        responses={(200, "application/pdf"): OpenApiResponse(response=OpenApiTypes.BINARY)},
    )
    def post(self, request, number):
        case = selectors.my_case(user=request.user, number=number)
        result, data = services.certificate_download(case=case, by=request.user, base_url=base_url(request))
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{result.number}.pdf"'
        return response


class LibraryView(ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = s.PortalLibraryMaterialSerializer
    parser_classes = [MultiPartParser, FormParser]
    error_codes = (413,)  # an oversized file

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return selectors.LibraryMaterial.objects.none()
        return selectors.library_for(owner=self.request.user)

    @extend_schema(tags=TAG, summary="材料库（含已领取或已选用的证照）")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAG,
        summary="存入材料库",
        request=s.PortalLibraryUploadSerializer,
        responses={201: s.PortalLibraryMaterialSerializer},
    )
    def post(self, request):
        data = _valid(s.PortalLibraryUploadSerializer, request)
        material = services.library_add_upload(owner=request.user, file=data["file"], name=data.get("name", ""))
        return Response(s.PortalLibraryMaterialSerializer(material).data, status=status.HTTP_201_CREATED)


class ProgressView(APIView):
    permission_classes = [AllowAny]
    error_codes = (429,)  # too many wrong query codes from one address

    @extend_schema(
        tags=TAG,
        summary="办件查询（免登录：办件编号+查询码，查询码放在请求体中）",
        request=s.PortalProgressQuerySerializer,
        responses={200: s.PortalPublicProgressSerializer, 404: _NOT_FOUND},
    )
    def post(self, request):
        """POST: the query code is a password for the case and stays out of URLs and access logs."""
        return self._answer(_valid(s.PortalProgressQuerySerializer, request), request)

    @extend_schema(
        tags=TAG,
        summary="办件查询（已弃用：查询码会出现在网址中，请改用 POST）",
        parameters=[s.PortalProgressQuerySerializer],
        responses={200: s.PortalPublicProgressSerializer, 404: _NOT_FOUND},
        deprecated=True,
    )
    def get(self, request):
        return self._answer(_valid(s.PortalProgressQuerySerializer, request, data=request.query_params), request)

    def _answer(self, data, request):
        key = f"portal:progress-fail:{request.META.get('REMOTE_ADDR', '')}"
        if cache.get(key, 0) >= QUERY_LIMIT:
            return Response(
                {"detail": _("查询失败次数过多，请10分钟后再试。")}, status=status.HTTP_429_TOO_MANY_REQUESTS
            )
        case = selectors.public_progress(**data)
        if case is None:
            cache.set(key, cache.get(key, 0) + 1, QUERY_WINDOW_SECONDS)
            raise Http404(_("办件编号或查询码不正确。"))
        return Response(s.PortalPublicProgressSerializer(case).data)


class VerifyView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(tags=TAG, summary="证照核验", responses=s.PortalVerificationSerializer)
    def get(self, request, code):
        result = selectors.verification(code=code)
        if result is None:
            raise Http404(_("查无此证。"))
        return Response(s.PortalVerificationSerializer(result).data)


def _valid(serializer_class, request, data=None):
    serializer = serializer_class(data=request.data if data is None else data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
