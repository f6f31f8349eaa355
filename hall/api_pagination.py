from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class HallPageNumberPagination(PageNumberPagination):
    """{"count", "next", "previous", "results"}; clients may ask for up to 200 a page.

    A `page_size` that is not an integer from 1 to 200 is a 400 with a Chinese message (it used
    to be ignored silently); a page past the end is a 404.
    """

    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw.strip())
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            message = _("每页条数须为 1 到 %(max)d 之间的整数。") % {"max": self.max_page_size}
            raise ValidationError({self.page_size_query_param: [message]})
        return size

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters
