"""Accounts' HTTP routes, one Route each (services/common/routes.py): the source of its
OpenAPI document (docs/architecture.md rule 5), its access rules and the adapters its
generated entrypoints call. The open routes (the key set, sign-in, refresh, sign-out,
accepting an invitation) and those that need the service's keys or hasher are written by
hand in service.py; who may grant what is the use cases' (domain/grants.py), so the
routes check the role only."""

from __future__ import annotations

from services.accounts.entrypoints import (
    answers,
    api_applications,
    api_external_sessions,
    api_people,
    schemas,
    scopes,
    self_service_schemas,
)
from services.common.auth import ACTIONS, ADMIN, WRITE
from services.common.guard import Allow
from services.common.routes import Route, probes

_PERSON = "/people/<string:person_id>"
_GUARDED = (401, 403)
_OPEN_REFUSALS = (400, 401, 403, 429)
# any valid token: every action, so whoever holds a grant at all reaches their own account
ANYONE = Allow(*sorted(ACTIONS))

# browser sessions (entrypoints/browser.py, docs/accounts.md "Browser sessions")
_TRANSPORT = {"name": "X-Session-Transport", "in": "header", "required": False,
              "schema": {"type": "string", "enum": ["cookie"]},
              "description": "`cookie`: a browser's session. The answer has no "
                             "refresh_token; the response sets the httpOnly wg_refresh "
                             "cookie (SameSite=Strict, Path=<X-Forwarded-Prefix>/sessions) "
                             "and the readable wg_csrf cookie (SameSite=Strict, Path=/), "
                             "both Secure unless ACCOUNTS_COOKIE_SECURE=0"}
_CSRF = {"name": "X-CSRF-Token", "in": "header", "required": False,
         "schema": {"type": "string"},
         "description": "with the wg_refresh cookie and a body without refresh_token: must "
                        "equal the wg_csrf cookie (else 403 naming X-CSRF-Token)"}
_REFRESH_COOKIE = {"name": "wg_refresh", "in": "cookie", "required": False,
                   "schema": {"type": "string"},
                   "description": "a browser session's refresh token (httpOnly), used when "
                                  "the body names no refresh_token"}
_CSRF_COOKIE = {"name": "wg_csrf", "in": "cookie", "required": False,
                "schema": {"type": "string"},
                "description": "the value X-CSRF-Token must echo"}
_SIGNS_IN = (_TRANSPORT,)
_BY_COOKIE = (_TRANSPORT, _CSRF, _REFRESH_COOKIE, _CSRF_COOKIE)
_COOKIE_CHECKS = ("Without refresh_token in the body, a browser session's wg_refresh cookie "
                  "is used: then X-CSRF-Token must equal the wg_csrf cookie, a "
                  "Sec-Fetch-Site header, when sent, must be same-origin, and an Origin "
                  "header, when sent, must name this host (X-Forwarded-Host, or Host "
                  "directly; behind a proxy naming no host, only with Sec-Fetch-Site); "
                  "else 403 naming the header, the session untouched.")

ROUTES: tuple[Route, ...] = (
    *probes(),
    Route("GET", "/.well-known/jwks.json", "The public keys access tokens are verified with "
                                           "(JWKS; the active key and those retired less "
                                           "than a token's life ago)",
          answer=answers.Jwks, name="jwks", open=True),
    Route("POST", "/sessions", "Sign in with login and password: an access token and a "
                               "refresh token (open)",
          body=schemas.SignIn, statuses=(200,) + _OPEN_REFUSALS, answer=answers.Session,
          name="sign_in", open=True, parameters=_SIGNS_IN),
    Route("POST", "/sessions/refresh", "A new access token for a refresh token, which is "
                                       "replaced (open; a used one ends the session)",
          body=schemas.RefreshTokenBody, statuses=(200, 400, 401, 403),
          answer=answers.Session, name="refresh_session", open=True,
          description=_COOKIE_CHECKS + " The cookies are renewed with the token; a 401 "
                                       "clears them.",
          parameters=_BY_COOKIE),
    Route("POST", "/sessions/revoke", "Sign out: the refresh token's session ends (open)",
          body=schemas.RefreshTokenBody, statuses=(204, 400, 403), name="revoke_session",
          open=True, description=_COOKIE_CHECKS + " Both cookies are cleared (Max-Age=0).",
          parameters=_BY_COOKIE),
    Route("POST", "/invitations/accept", "Set the password with an invitation's code; the "
                                         "invitee is signed in (open)",
          body=schemas.InvitationAccept, statuses=(200, 400), answer=answers.Session,
          name="accept_invitation", open=True, parameters=_SIGNS_IN),
    Route("GET", "/me", "The caller's own account", query=schemas.NoQuery,
          statuses=(200, 404) + _GUARDED, answer=answers.Me, name="me",
          serve=api_people.me, access=ANYONE),
    Route("POST", "/me/password", "Change the caller's own password; their other sessions "
                                  "end. A wrong current password counts as a failed "
                                  "sign-in of the login (429 past its limit)",
          body=schemas.PasswordChange, statuses=(204, 400, 404, 429) + _GUARDED,
          name="change_password"),
    Route("POST", "/invitations", "Invite a person with grants within the caller's own "
                                  "(the code is shown once)",
          body=schemas.InvitationCreate, statuses=(201, 400, 409) + _GUARDED,
          answer=answers.Invitation, name="invite",
          serve=api_people.invite, access=Allow(WRITE)),
    Route("GET", "/people", "People holding a grant within what the caller may give "
                            "(logins masked)",
          query=schemas.PeopleQuery, statuses=(200, 400) + _GUARDED, answer=answers.People,
          name="list_people", serve=api_people.list_people, access=Allow(WRITE)),
    Route("GET", _PERSON, "A person the caller may see", query=schemas.NoQuery,
          statuses=(200, 404) + _GUARDED, answer=answers.Person, name="get_person",
          serve=api_people.get_person, access=Allow(WRITE)),
    Route("POST", f"{_PERSON}/grants", "Give a person a grant within the caller's own",
          body=schemas.GrantBody, statuses=(201, 400, 404, 409) + _GUARDED,
          answer=answers.Grant, name="add_grant",
          serve=api_people.add_grant, access=Allow(WRITE)),
    Route("DELETE", f"{_PERSON}/grants/<string:grant_id>", "Revoke a grant the caller "
                                                           "could have given",
          statuses=(204, 404) + _GUARDED, name="revoke_grant",
          serve=api_people.revoke_grant, access=Allow(WRITE)),
    *(Route("POST", f"{_PERSON}/{action}", f"{action.capitalize()} an account whose grants "
                                           "the caller could all have given",
            statuses=(200, 404, 409) + _GUARDED, answer=answers.Person,
            name=f"{action}_person")
      for action in ("lock", "unlock", "disable", "enable")),
    Route("POST", "/service-accounts", "A service account for another system (admin); its "
                                       "password is shown once",
          body=schemas.ServiceAccountCreate, statuses=(201, 400, 409) + _GUARDED,
          answer=answers.ServiceAccount, name="create_service_account"),
    # -- volunteer sign-up and screening, password reset, external identity --------------
    Route("POST", "/units/<string:unit_id>/applications/phone-codes",
          "Ask for the one-time code that proves the phone of an application, sent to "
          "that phone (open; rate-limited per client address and per phone, answered "
          "202 alike)",
          body=self_service_schemas.PhoneCodeRequest, statuses=(202, 400),
          answer=self_service_schemas.PhoneCodeRequested, name="request_application_code",
          open=True),
    Route("POST", "/units/<string:unit_id>/applications",
          "Apply to volunteer for a unit with the code sent to the phone (open; "
          "rate-limited per client address and per phone). The password becomes the "
          "account's if approved and the phone has no account yet",
          body=self_service_schemas.ApplicationCreate, statuses=(202, 400, 409, 429),
          answer=self_service_schemas.ApplicationAccepted, name="apply_to_unit", open=True),
    Route("GET", "/units/<string:unit_id>/applications",
          "A unit's applications, oldest first (names and phones masked): its coordinator, "
          "or an admin whose area holds the unit's",
          query=self_service_schemas.ApplicationsQuery, statuses=(200, 400, 404) + _GUARDED,
          answer=self_service_schemas.Applications, name="list_applications",
          serve=api_applications.list_applications,
          access=Allow(WRITE, unit="unit_id", area=scopes.unit_area)),
    Route("POST", "/applications/decisions",
          "Approve or reject applications in bulk, all or none (a reason is required to "
          "reject); an approved applicant becomes an active volunteer account",
          body=self_service_schemas.DecisionsBody, statuses=(200, 400) + _GUARDED,
          answer=self_service_schemas.Decisions, name="decide_applications"),
    Route("POST", "/password-resets", "Ask for a password reset code, sent to the login "
                                      "(open; 202 whether or not the account exists)",
          body=self_service_schemas.PasswordResetRequest, statuses=(202, 400),
          answer=self_service_schemas.ResetRequested, name="request_password_reset", open=True),
    Route("POST", "/password-resets/confirm", "Set a new password with a reset code; every "
                                              "session of the account ends (open)",
          body=self_service_schemas.PasswordResetConfirm, statuses=(204, 400),
          name="confirm_password_reset", open=True),
    Route("POST", "/sessions/external", "Sign in with a token of the configured OpenID "
                                        "Connect issuer, as the Wangge account it names "
                                        "(open; 404 when none is configured)",
          body=self_service_schemas.ExternalToken, statuses=(200, 400, 401, 403, 404, 503),
          answer=answers.Session, name="exchange_external_token", open=True,
          parameters=_SIGNS_IN),
    Route("POST", f"{_PERSON}/external-id", "Link a person to their id at the external "
                                            "identity platform (null unlinks), so its "
                                            "tokens sign them in (admin)",
          body=self_service_schemas.ExternalIdBody,
          statuses=(200, 400, 404, 409) + _GUARDED,
          answer=self_service_schemas.ExternalIdLinked, name="link_external_id",
          serve=api_external_sessions.link_external_id, access=Allow(ADMIN)),
)
