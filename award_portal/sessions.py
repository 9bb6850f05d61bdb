"""An idle timeout that does not write the session on every request.

Django can only count SESSION_COOKIE_AGE from the last save. Saving on every request
(SESSION_SAVE_EVERY_REQUEST) costs a database write per page; touching the session once a
minute keeps the same 30-minute idle timeout to within a minute, for one write a minute.
"""

import time

TOUCHED_KEY = "_touched"
TOUCH_EVERY_SECONDS = 60


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only sessions that exist (a signed-in user, a draft in progress …) are kept alive;
        # anonymous visitors without a cookie never get one from here.
        if session is not None and session.session_key and not session.is_empty():
            now = int(time.time())
            if now - session.get(TOUCHED_KEY, 0) >= TOUCH_EVERY_SECONDS:
                session[TOUCHED_KEY] = now
        return response
