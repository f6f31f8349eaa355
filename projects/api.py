"""REST for 帮办代办 and 项目管家: agents, authorisations, help requests, projects and their nodes.
Validate → call a selector or service → serialize; every list is scoped by the selectors."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.models import Chain, Item
from hall.api_errors import Conflict
from projects import selectors, services
from projects.constants import HelpKind
from projects.models import Agent, Authorisation, HelpRequest, Project, ProjectNode


class AgentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Agent
        fields = ["id", "name", "level", "certificate_number", "department", "region", "areas", "is_active"]
        read_only_fields = fields


class AuthorisationSerializer(serializers.ModelSerializer):
    agent = AgentSerializer(read_only=True)
    applicant_name = serializers.SerializerMethodField()
    items = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    chains = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    live = serializers.SerializerMethodField()

    class Meta:
        model = Authorisation
        fields = [
            "id",
            "number",
            "applicant_name",
            "agent",
            "scope",
            "items",
            "chains",
            "valid_from",
            "valid_until",
            "method",
            "state",
            "live",
            "confirmed_at",
            "revoked_at",
            "revoke_reason",
        ]
        read_only_fields = fields

    def get_applicant_name(self, obj) -> str:
        profile = getattr(obj.applicant, "applicant_profile", None)
        return profile.name if profile else ""

    def get_live(self, obj) -> bool:
        return obj.is_live()


class HelpRequestSerializer(serializers.ModelSerializer):
    item = serializers.SlugRelatedField(slug_field="code", read_only=True)
    chain = serializers.SlugRelatedField(slug_field="code", read_only=True)
    agent = AgentSerializer(read_only=True)
    level = serializers.SerializerMethodField()

    class Meta:
        model = HelpRequest
        fields = [
            "id",
            "number",
            "kind",
            "channel",
            "applicant_name",
            "item",
            "chain",
            "note",
            "state",
            "agent",
            "assigned_at",
            "created_at",
            "due_at",
            "warn_at",
            "provisional",
            "level",
        ]
        read_only_fields = fields

    def get_level(self, obj) -> str:
        return obj.level_at(timezone.now())


class HelpRequestInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=HelpKind.choices)
    item = serializers.SlugRelatedField(slug_field="code", queryset=Item.objects.filter(is_active=True), required=False)
    chain = serializers.SlugRelatedField(
        slug_field="code", queryset=Chain.objects.filter(is_active=True), required=False
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)
    applicant_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)


class AssignInput(serializers.Serializer):
    agent = serializers.PrimaryKeyRelatedField(queryset=Agent.objects.filter(is_active=True))


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True)


class NoteInput(serializers.Serializer):
    note = serializers.CharField(max_length=300)


class NodeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    item = serializers.SlugRelatedField(slug_field="code", read_only=True)
    chain = serializers.SlugRelatedField(slug_field="code", read_only=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    cases = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    level = serializers.SerializerMethodField()
    urged = serializers.SerializerMethodField()

    class Meta:
        model = ProjectNode
        fields = [
            "id",
            "position",
            "name",
            "kind",
            "item",
            "chain",
            "task_name",
            "department",
            "days_before_start",
            "target_date",
            "target_at",
            "warn_at",
            "provisional",
            "state",
            "done_at",
            "level",
            "urged",
            "cases",
        ]
        read_only_fields = fields

    def get_level(self, obj) -> str:
        return obj.level_at(timezone.now())

    def get_urged(self, obj) -> bool:
        return any(u.lifted_at is None for u in obj.urges.all())


class ProjectSerializer(serializers.ModelSerializer):
    steward = serializers.SlugRelatedField(slug_field="username", read_only=True)
    lead = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "investor",
            "amount",
            "location",
            "planned_start",
            "category",
            "state",
            "steward",
            "lead",
            "created_at",
        ]
        read_only_fields = fields


def _conflict(call):
    try:
        return call()
    except services.ProjectsConflict as exc:
        raise Conflict(detail=str(exc)) from exc


class AgentList(generics.ListAPIView):
    """代办员名册：大厅工作人员可见；代办员只见本人。"""

    serializer_class = AgentSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        return selectors.agents_visible_to(self.request.user).order_by("certificate_number")


class AuthorisationList(generics.ListAPIView):
    """委托书：申请人见本人出具的；代办员见受托的；大厅窗口、管理员和督查见全部。"""

    serializer_class = AuthorisationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        return selectors.authorisations_visible_to(self.request.user).order_by("-created_at", "-id")


class AuthorisationDetail(generics.RetrieveAPIView):
    serializer_class = AuthorisationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_object(self):
        return selectors.authorisation_get(user=self.request.user, pk=self.kwargs["pk"])


class AuthorisationConfirm(APIView):
    """委托人网上确认委托书（待确认 → 有效）。"""

    permission_classes = [permissions.IsAuthenticated]
    error_codes = ("409",)

    @extend_schema(request=None, responses=AuthorisationSerializer)
    def post(self, request, pk):
        row = selectors.authorisation_get(user=request.user, pk=pk)
        row = _conflict(lambda: services.authorisation_confirm(authorisation=row, by=request.user))
        return Response(AuthorisationSerializer(selectors.authorisation_get(user=request.user, pk=row.pk)).data)


class AuthorisationRevoke(APIView):
    """委托人（或大厅窗口）撤销委托书；撤销后代办员不能再代办。"""

    permission_classes = [permissions.IsAuthenticated]
    error_codes = ("409",)

    @extend_schema(request=ReasonInput, responses=AuthorisationSerializer)
    def post(self, request, pk):
        row = selectors.authorisation_get(user=request.user, pk=pk)
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        row = _conflict(
            lambda: services.authorisation_revoke(
                authorisation=row, by=request.user, reason=data.validated_data.get("reason", "")
            )
        )
        return Response(AuthorisationSerializer(selectors.authorisation_get(user=request.user, pk=row.pk)).data)


class HelpRequestList(generics.ListCreateAPIView):
    """帮办代办申请：申请人网上申请（或大厅窗口代为登记）；列表按权限范围。"""

    serializer_class = HelpRequestSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        return selectors.help_requests_visible_to(self.request.user).order_by("-created_at", "-id")

    @extend_schema(request=HelpRequestInput, responses={201: HelpRequestSerializer})
    def post(self, request):
        data = HelpRequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.help_request_create(by=request.user, **data.validated_data)
        return Response(HelpRequestSerializer(row).data, status=status.HTTP_201_CREATED)


class HelpRequestDetail(generics.RetrieveAPIView):
    serializer_class = HelpRequestSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_object(self):
        return selectors.help_request_get(user=self.request.user, pk=self.kwargs["pk"])


class HelpRequestAssign(APIView):
    """大厅指派代办员；代办申请同时生成待申请人网上确认的委托书。"""

    permission_classes = [permissions.IsAuthenticated]
    error_codes = ("409",)

    @extend_schema(request=AssignInput, responses=HelpRequestSerializer)
    def post(self, request, pk):
        row = selectors.help_request_get(user=request.user, pk=pk)
        data = AssignInput(data=request.data)
        data.is_valid(raise_exception=True)
        row = _conflict(
            lambda: services.help_request_assign(request=row, agent=data.validated_data["agent"], by=request.user)
        )
        return Response(HelpRequestSerializer(selectors.help_request_get(user=request.user, pk=row.pk)).data)


class ProjectList(generics.ListAPIView):
    """投资项目：督查和管理员见全部；项目管家、领班管家见本人负责的；部门人员见有本部门节点的。"""

    serializer_class = ProjectSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        return selectors.projects_visible_to(self.request.user).order_by("planned_start", "id")


class ProjectDetail(generics.RetrieveAPIView):
    serializer_class = ProjectSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_object(self):
        return selectors.project_get(user=self.request.user, pk=self.kwargs["pk"])


class ProjectNodeList(generics.ListAPIView):
    """一卡通节点：目标完成日、状态和红黄灯。"""

    serializer_class = NodeSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        project = selectors.project_get(user=self.request.user, pk=self.kwargs["pk"])
        return (
            project.nodes.select_related("item", "chain", "department")
            .prefetch_related("cases", "urges")
            .order_by("position", "id")
        )


class NodeUrge(APIView):
    """督查人员对超期节点挂牌督办，通知责任单位。"""

    permission_classes = [permissions.IsAuthenticated]
    error_codes = ("409",)

    @extend_schema(request=NoteInput, responses={201: NodeSerializer})
    def post(self, request, pk):
        node = selectors.node_get(user=request.user, pk=pk)
        data = NoteInput(data=request.data)
        data.is_valid(raise_exception=True)
        _conflict(lambda: services.node_urge(node=node, note=data.validated_data["note"], by=request.user))
        node = ProjectNode.objects.prefetch_related("cases", "urges").get(pk=node.pk)
        return Response(NodeSerializer(node).data, status=status.HTTP_201_CREATED)
