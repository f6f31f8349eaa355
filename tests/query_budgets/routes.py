"""Walk the URL resolver: every named route and whether it answers GET."""

from django.urls import URLPattern, URLResolver, get_resolver


def _methods_of_function_view(view):
    """The methods a function view allows, read from Django's require_http_methods closure
    (require_POST, require_GET and require_safe are built on it); None when unrestricted."""
    func = view
    while func is not None:
        code = getattr(func, "__code__", None)
        if code and "request_method_list" in code.co_freevars and func.__closure__:
            cell = func.__closure__[code.co_freevars.index("request_method_list")]
            return {m.upper() for m in cell.cell_contents}
        func = getattr(func, "__wrapped__", None)
    return None


def allows_get(view):
    actions = getattr(view, "actions", None)
    if actions:  # a DRF viewset route
        return "get" in actions
    cls = getattr(view, "cls", None) or getattr(view, "view_class", None)
    if cls is not None:  # a DRF APIView or a Django class-based view
        names = getattr(cls, "http_method_names", ["get"])
        return hasattr(cls, "get") and "get" in names
    methods = _methods_of_function_view(view)
    return methods is None or "GET" in methods


def _walk(patterns, prefix, namespace):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield name, prefix + str(p.pattern), p.callback


def get_routes():
    """[(name or None, pattern, allows GET)] for every route outside the Django admin."""
    return [
        (name, pattern, allows_get(callback))
        for name, pattern, callback in _walk(get_resolver().url_patterns, "", None)
        if not pattern.startswith("admin/")
    ]
