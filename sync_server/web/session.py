"""Web layer: staff sign-in by cookie, CSRF tokens, and the remembered language.

The cookie holds the same opaque staff token the API hands out (`services.staff.login`),
so one table of sessions, one expiry and one revocation serve both. It is HttpOnly and
SameSite=Lax; every form that changes something also carries a CSRF token derived from
the session token, which a page on another site cannot read.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from fastapi import Request
from starlette.responses import Response

from field_app.wire.formats import utcnow
from sync_server.errors import ApiProblem
from sync_server.services.staff import ProvinceUser, StaffUser, account_for_token
from sync_server.storage import session_scope

SESSION_COOKIE = "dv_session"
LANG_COOKIE = "dv_lang"
LANGUAGES = ("vi", "en")


class LoginRequired(Exception):
    """The page needs a signed-in staff member; answered by a redirect to the login page."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


class CsrfRefused(Exception):
    """A form arrived without the token of the session that showed it."""


class NotAllowed(Exception):
    """The signed-in staff member's role may not open this page."""


class WardPageRefused(Exception):
    """A province account asked for a ward's page (personal data): refused with a sentence."""


class ProvincePageRefused(Exception):
    """A ward's staff member asked for a province page."""


def session_token(request: Request) -> str:
    return request.cookies.get(SESSION_COOKIE, "")


def current_account(request: Request) -> StaffUser | ProvinceUser | None:
    """Whoever the session cookie signs in (a ward's staff member or a province account),
    or None (expired, revoked, none)."""
    cached = getattr(request.state, "account", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    token = session_token(request)
    if not token:
        return None
    try:
        with session_scope(request.app.state.engine) as db:
            user = account_for_token(db, token)
    except ApiProblem:
        return None
    request.state.account = user
    return user


def current_staff(request: Request) -> StaffUser | None:
    """The ward staff member of the session cookie; None for nobody or a province account."""
    user = current_account(request)
    return user if isinstance(user, StaffUser) else None


def _login_required(request: Request) -> LoginRequired:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return LoginRequired(target)


def require_staff(request: Request) -> StaffUser:
    """FastAPI dependency of every ward page: the signed-in ward staff member, a redirect
    to /console/login, or, for a province account, a refusal (the page is the ward's)."""
    user = current_account(request)
    if user is None:
        raise _login_required(request)
    if isinstance(user, ProvinceUser):
        raise WardPageRefused()
    return user


def require_province(request: Request) -> ProvinceUser:
    """FastAPI dependency of the province pages: a signed-in province account."""
    user = current_account(request)
    if user is None:
        raise _login_required(request)
    if not isinstance(user, ProvinceUser):
        raise ProvincePageRefused()
    return user


def require_ward_head(request: Request) -> StaffUser:
    user = require_staff(request)
    if not user.is_ward_head:
        raise NotAllowed()
    return user


def csrf_token(request: Request) -> str:
    """The token every form of this session carries (empty before sign-in)."""
    token = session_token(request)
    if not token:
        return ""
    return hmac.new(token.encode(), b"dv-console-csrf", hashlib.sha256).hexdigest()[:40]


async def check_csrf(request: Request) -> dict[str, Any]:
    """FastAPI dependency for every POST: the form, once its CSRF token is checked."""
    form = await request.form()
    sent = str(form.get("csrf", ""))
    expected = csrf_token(request)
    if not expected or not hmac.compare_digest(sent, expected):
        raise CsrfRefused()
    return {key: value for key, value in form.multi_items()}


def set_session_cookie(request: Request, response: Response, token: str, hours: int) -> None:
    response.set_cookie(SESSION_COOKIE, token, max_age=hours * 3600, path="/",
                        httponly=True, samesite="lax", secure=request.url.scheme == "https")


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def language(request: Request) -> str:
    chosen = request.cookies.get(LANG_COOKIE, "vi")
    return chosen if chosen in LANGUAGES else "vi"


def set_language_cookie(response: Response, lang: str) -> None:
    response.set_cookie(LANG_COOKIE, lang if lang in LANGUAGES else "vi",
                        max_age=365 * 24 * 3600, path="/", samesite="lax")


def now_stamp() -> str:
    return utcnow().isoformat()
