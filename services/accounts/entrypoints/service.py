"""The accounts service: copies of areas, units and volunteers from events, and HTTP
entrypoints made from api_routes.ROUTES. Those written here need the service's keys and
password hasher (Settings) or are open (no token yet)."""

from __future__ import annotations

from services.accounts import clock
from services.accounts.adapters.models import MESSAGING, SERVICE
from services.accounts.entrypoints import (
    api_applications,
    api_external_sessions,
    api_password_resets,
    api_people,
    api_sessions,
)
from services.accounts.entrypoints.api_routes import ANYONE, ROUTES
from services.accounts.entrypoints.handlers import DISPATCH_EVENTS, REGISTRY_EVENTS
from services.accounts.self_service import SelfService
from services.accounts.settings import AccountsAccess, Settings
from services.accounts.use_cases import housekeeping
from services.common.auth import ADMIN, WRITE
from services.common.consumer import event_consumer
from services.common.guard import allow
from services.common.routes import served_by
from services.common.service_base import BackboneService
from services.common.store import Store
from services.common.timers import periodic, tick
from services.common.web import json_api

route = served_by(ROUTES)


@route.generated
class AccountsService(BackboneService):
    name = SERVICE
    store = Store(SERVICE, MESSAGING)
    settings = Settings()
    access = AccountsAccess()
    # sign-up and reset policies, the code sender, the external issuer (self_service.py)
    self_service = SelfService()

    # -- events ------------------------------------------------------------------------
    @event_consumer("registry", REGISTRY_EVENTS)
    def consume_registry(self, batch):
        return self.store.inbox("registry", REGISTRY_EVENTS.bind()) \
            .process_batch(self.store.db, batch)

    @event_consumer("dispatch", DISPATCH_EVENTS)
    def consume_dispatch(self, batch):
        return self.store.inbox("dispatch", DISPATCH_EVENTS.bind()) \
            .process_batch(self.store.db, batch)

    # -- timers --------------------------------------------------------------------------
    @periodic(3600)
    def forget_old(self):
        tick("accounts housekeeping", housekeeping.forget_old, self.store.db,
             self.settings.tools.policy, clock.now(),
             describe=lambda n: f"{n} old failed sign-ins and refresh tokens forgotten"
             if n else "")
        tick("accounts sign-up retention", housekeeping.forget_applicants, self.store.db,
             self.self_service.sign_up, clock.now(),
             describe=lambda n: f"{n} old phone codes pruned or rejected applications "
                                "erased" if n else "")

    # -- open ----------------------------------------------------------------------------
    @route
    @json_api
    def jwks(self, request):
        return api_sessions.jwks(self.settings.tools)

    @route
    @json_api
    def sign_in(self, request):
        return api_sessions.sign_in(self.store, self.settings.tools, self.settings.proxies,
                                    request, secure=self.settings.cookie_secure)

    @route
    @json_api
    def refresh_session(self, request):
        return api_sessions.refresh(self.store, self.settings.tools, request,
                                    secure=self.settings.cookie_secure)

    @route
    @json_api
    def revoke_session(self, request):
        return api_sessions.revoke(self.store, request, secure=self.settings.cookie_secure)

    @route
    @json_api
    def accept_invitation(self, request):
        return api_sessions.accept_invitation(self.store, self.settings.tools, request,
                                              secure=self.settings.cookie_secure)

    # -- guarded, needing the keys or the hasher -----------------------------------------
    @route
    @json_api
    @ANYONE.guard()
    def change_password(self, request):
        return api_people.change_password(self.store, self.settings.tools,
                                          self.settings.proxies, request)

    @route
    @json_api
    @allow(WRITE)
    def lock_person(self, request, person_id):
        return api_people.change_status(self.store, self.settings.tools, request, person_id,
                                        "lock")

    @route
    @json_api
    @allow(WRITE)
    def unlock_person(self, request, person_id):
        return api_people.change_status(self.store, self.settings.tools, request, person_id,
                                        "unlock")

    @route
    @json_api
    @allow(WRITE)
    def disable_person(self, request, person_id):
        return api_people.change_status(self.store, self.settings.tools, request, person_id,
                                        "disable")

    @route
    @json_api
    @allow(WRITE)
    def enable_person(self, request, person_id):
        return api_people.change_status(self.store, self.settings.tools, request, person_id,
                                        "enable")

    @route
    @json_api
    @allow(ADMIN)
    def create_service_account(self, request):
        return api_people.create_service_account(self.store, self.settings.tools, request)

    # -- volunteer sign-up and screening, password reset, external identity --------------
    @route
    @json_api
    def request_application_code(self, request, unit_id):
        return api_applications.request_phone_code(
            self.store, self.settings.tools, self.self_service, self.settings.proxies,
            request, unit_id)

    @route
    @json_api
    def apply_to_unit(self, request, unit_id):
        return api_applications.apply(self.store, self.settings.tools, self.self_service,
                                      self.settings.proxies, request, unit_id)

    @route
    @json_api
    @allow(WRITE)
    def decide_applications(self, request):
        # the use case checks each application's unit against the caller's grants
        return api_applications.decide(self.store, self.settings.tools, request)

    @route
    @json_api
    def request_password_reset(self, request):
        return api_password_resets.request_reset(self.store, self.settings.tools,
                                                 self.self_service, self.settings.proxies,
                                                 request)

    @route
    @json_api
    def confirm_password_reset(self, request):
        return api_password_resets.confirm_reset(self.store, self.settings.tools,
                                                 self.self_service, request)

    @route
    @json_api
    def exchange_external_token(self, request):
        return api_external_sessions.exchange(self.store, self.settings.tools,
                                              self.self_service, request,
                                              secure=self.settings.cookie_secure)
