"""DRF throttles keyed by the client address from hall.client_ip (trusted proxies only).

DRF's own `get_ident` uses the whole X-Forwarded-For header when NUM_PROXIES is unset, so a
caller who rotates that header gets a fresh allowance each time.
"""

from rest_framework.throttling import ScopedRateThrottle

from hall.client_ip import client_ip


class ProxyAwareScopedRateThrottle(ScopedRateThrottle):
    def get_ident(self, request):
        return client_ip(request) or "unknown"
