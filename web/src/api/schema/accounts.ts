// Generated from docs/openapi/accounts.json by scripts/gen-api.mjs: do not edit.
export interface paths {
    "/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The public keys access tokens are verified with (JWKS; the active key and those retired less than a token's life ago) */
        get: operations["accounts_get_well_known_jwks_json"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/applications/decisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve or reject applications in bulk, all or none (a reason is required to reject); an approved applicant becomes an active volunteer account */
        post: operations["accounts_post_applications_decisions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Database and broker reachable (503 when not) */
        get: operations["accounts_get_health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Invite a person with grants within the caller's own (the code is shown once) */
        post: operations["accounts_post_invitations"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set the password with an invitation's code; the invitee is signed in (open) */
        post: operations["accounts_post_invitations_accept"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's own account */
        get: operations["accounts_get_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change the caller's own password; their other sessions end. A wrong current password counts as a failed sign-in of the login (429 past its limit) */
        post: operations["accounts_post_me_password"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics of the event backbone (text format) */
        get: operations["accounts_get_metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/password-resets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask for a password reset code, sent to the login (open; 202 whether or not the account exists) */
        post: operations["accounts_post_password_resets"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/password-resets/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a new password with a reset code; every session of the account ends (open) */
        post: operations["accounts_post_password_resets_confirm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/people": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** People holding a grant within what the caller may give (logins masked) */
        get: operations["accounts_get_people"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/people/{person_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A person the caller may see */
        get: operations["accounts_get_people_by_person_id"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/people/{person_id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable an account whose grants the caller could all have given */
        post: operations["accounts_post_people_by_person_id_disable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/people/{person_id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enable an account whose grants the caller could all have given */
        post: operations["accounts_post_people_by_person_id_enable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/people/{person_id}/external-id": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Link a person to their id at the external identity platform (null unlinks), so its tokens sign them in (admin) */
        post: operations["accounts_post_people_by_person_id_external_id"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/people/{person_id}/grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Give a person a grant within the caller's own */
        post: operations["accounts_post_people_by_person_id_grants"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/people/{person_id}/grants/{grant_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a grant the caller could have given */
        delete: operations["accounts_delete_people_by_person_id_grants_by_grant_id"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/people/{person_id}/lock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Lock an account whose grants the caller could all have given */
        post: operations["accounts_post_people_by_person_id_lock"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/people/{person_id}/unlock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Unlock an account whose grants the caller could all have given */
        post: operations["accounts_post_people_by_person_id_unlock"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/service-accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A service account for another system (admin); its password is shown once */
        post: operations["accounts_post_service_accounts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with login and password: an access token and a refresh token (open) */
        post: operations["accounts_post_sessions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions/external": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with a token of the configured OpenID Connect issuer, as the Wangge account it names (open; 404 when none is configured) */
        post: operations["accounts_post_sessions_external"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A new access token for a refresh token, which is replaced (open; a used one ends the session)
         * @description Without refresh_token in the body, a browser session's wg_refresh cookie is used: then X-CSRF-Token must equal the wg_csrf cookie, a Sec-Fetch-Site header, when sent, must be same-origin, and an Origin header, when sent, must name this host (X-Forwarded-Host, or Host directly; behind a proxy naming no host, only with Sec-Fetch-Site); else 403 naming the header, the session untouched. The cookies are renewed with the token; a 401 clears them.
         */
        post: operations["accounts_post_sessions_refresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign out: the refresh token's session ends (open)
         * @description Without refresh_token in the body, a browser session's wg_refresh cookie is used: then X-CSRF-Token must equal the wg_csrf cookie, a Sec-Fetch-Site header, when sent, must be same-origin, and an Origin header, when sent, must name this host (X-Forwarded-Host, or Host directly; behind a proxy naming no host, only with Sec-Fetch-Site); else 403 naming the header, the session untouched. Both cookies are cleared (Max-Age=0).
         */
        post: operations["accounts_post_sessions_revoke"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/units/{unit_id}/applications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A unit's applications, oldest first (names and phones masked): its coordinator, or an admin whose area holds the unit's */
        get: operations["accounts_get_units_by_unit_id_applications"];
        put?: never;
        /** Apply to volunteer for a unit with the code sent to the phone (open; rate-limited per client address and per phone). The password becomes the account's if approved and the phone has no account yet */
        post: operations["accounts_post_units_by_unit_id_applications"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/units/{unit_id}/applications/phone-codes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask for the one-time code that proves the phone of an application, sent to that phone (open; rate-limited per client address and per phone, answered 202 alike) */
        post: operations["accounts_post_units_by_unit_id_applications_phone_codes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Error: {
            /** @description one line naming every bad field */
            error: string;
            /** @description field → list of reasons */
            errors: {
                [key: string]: string[];
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    accounts_get_well_known_jwks_json: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        keys: ({
                            alg: string;
                            crv: string;
                            kid: string;
                            kty: string;
                            use: string;
                            x: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    accounts_post_applications_decisions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    decisions: {
                        application_id: string;
                        approve: boolean;
                        /** @description required to reject */
                        reason?: string | null;
                    }[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        decided: ({
                            application_id: string;
                            outcome: string;
                            person_id: string | null;
                            volunteer_id: string | null;
                        } & {
                            [key: string]: unknown;
                        })[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body longer than HTTP_MAX_BODY_BYTES (16 MiB unless configured) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    accounts_get_health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description ok, or what is wrong (then the answer is 503) */
                        status: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Service Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description ok, or what is wrong (then the answer is 503) */
                        status: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    accounts_post_invitations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    display_name: string;
                    expires_in_hours?: number;
                    grants: {
                        /** @description area code (area-scoped roles) */
                        area?: string | null;
                        /** @enum {string} */
                        role: "city_admin" | "community_admin" | "grid_worker" | "unit_coordinator" | "integrator" | "report_reader" | "volunteer" | "request_handler";
                        /** @description unit id (unit_coordinator, volunteer); unit id, or a department as <area code>:<department> (request_handler) */
                        unit?: string | null;
                        /** @description dispatch's volunteer id (the volunteer role only) */
                        volunteer?: string | null;
                    }[];
                    /** @description the invitee's mobile number */
                    login: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description shown once */
                        code: string;
                        expires_at: string;
                        invitation_id: string;
                        person_id: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body longer than HTTP_MAX_BODY_BYTES (16 MiB unless configured) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    accounts_post_invitations_accept: {
        parameters: {
            query?: never;
            header?: {
                /** @description `cookie`: a browser's session. The answer has no refresh_token; the response sets the httpOnly wg_refresh cookie (SameSite=Strict, Path=<X-Forwarded-Prefix>/sessions) and the readable wg_csrf cookie (SameSite=Strict, Path=/), both Secure unless ACCOUNTS_COOKIE_SECURE=0 */
                "X-Session-Transport"?: "cookie";
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    code: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        access_token: string;
                        /** @description seconds */
                        expires_in: number;
                        person: {
                            display_name: string;
                            grants: ({
                                area?: string;
                                role: string;
                                unit?: string;
                                volunteer?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            id: string;
                            kind: string;
                        } & {
                            [key: string]: unknown;
                        };
                        refresh_expires_in: number;
                        /** @description good once: rotated on use. Absent for a browser session (X-Session-Transport: cookie): it is in the httpOnly wg_refresh cookie */
                        refresh_token?: string;
                        /** @description Bearer */
                        token_type: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body longer than HTTP_MAX_BODY_BYTES (16 MiB unless configured) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    accounts_get_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        display_name: string;
                        grants: ({
                            area?: string;
                            id: string;
                            role: string;
                            unit?: string;
                            volunteer?: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                        id: string;
                        kind: string;
                        login_masked: string;
                        status: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Invalid parameter: the error names it and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    accounts_post_me_password: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    current_password: string;
                    new_password: string;
                };
            };
        };
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body longer than HTTP_MAX_BODY_BYTES (16 MiB unless configured) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    accounts_get_metrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
        };
    };
    accounts_post_password_resets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    login: string;
                };
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description the same whether or not the account exists */
                        status: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body longer than HTTP_MAX_BODY_BYTES (16 MiB unless configured) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    accounts_post_password_resets_confirm: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    code: string;
                    login: string;
                    new_password: string;
                };
            };
        };
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body longer than HTTP_MAX_BODY_BYTES (16 MiB unless configured) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    accounts_get_people: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                /** @description part of the name, or a whole login (a mobile number as typed, or a user name); never a part of a login */
                q?: string | null;
                role?: "city_admin" | "community_admin" | "grid_worker" | "unit_coordinator" | "integrator" | "report_reader" | "volunteer" | "request_handler" | null;
                status?: "invited" | "active" | "locked" | "disabled" | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        people: ({
                            created_at: string;
                            display_name: string;
                            grants: ({
                                area?: string;
                                id: string;
                                role: string;
                                unit?: string;
                                volunteer?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            id: string;
                            kind: string;
                            last_signed_in_at: string | null;
                            login_masked: string;
                            status: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                        total: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    accounts_get_people_by_person_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                person_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        created_at: string;
                        display_name: string;
                        grants: ({
                            area?: string;
                            id: string;
                            role: string;
                            unit?: string;
                            volunteer?: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                        id: string;
                        kind: string;
                        last_signed_in_at: string | null;
                        login_masked: string;
                        status: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Invalid parameter: the error names it and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    accounts_post_people_by_person_id_disable: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                person_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        created_at: string;
                        display_name: string;
                        grants: ({
                            area?: string;
                            id: string;
                            role: string;
                            unit?: string;
                            volunteer?: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                        id: string;
                        kind: string;
                        last_signed_in_at: string | null;
                        login_masked: string;
                        status: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Invalid parameter: the error names it and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body longer than HTTP_MAX_BODY_BYTES (16 MiB unless configured) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    accounts_post_people_by_person_id_enable: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                person_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        created_at: string;
                        display_name: string;
                        grants: ({
                            area?: string;
                            id: string;
                            role: string;
                            unit?: string;
                            volunteer?: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                        id: string;
                        kind: string;
                        last_signed_in_at: string | null;
                        login_masked: string;
                        status: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Invalid parameter: the error names it and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body longer than HTTP_MAX_BODY_BYTES (16 MiB unless configured) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    accounts_post_people_by_person_id_external_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                person_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description the person's id at the external identity platform; null unlinks */
                    external_id: string | null;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        external_id: string | null;
                        id: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body longer than HTTP_MAX_BODY_BYTES (16 MiB unless configured) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    accounts_post_people_by_person_id_grants: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                person_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description area code (area-scoped roles) */
                    area?: string | null;
                    /** @enum {string} */
                    role: "city_admin" | "community_admin" | "grid_worker" | "unit_coordinator" | "integrator" | "report_reader" | "volunteer" | "request_handler";
                    /** @description unit id (unit_coordinator, volunteer); unit id, or a department as <area code>:<department> (request_handler) */
                    unit?: string | null;
                    /** @description dispatch's volunteer id (the volunteer role only) */
                    volunteer?: string | null;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        area?: string;
                        id: string;
                        role: string;
                        unit?: string;
                        volunteer?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body longer than HTTP_MAX_BODY_BYTES (16 MiB unless configured) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    accounts_delete_people_by_person_id_grants_by_grant_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                grant_id: string;
                person_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid parameter: the error names it and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    accounts_post_people_by_person_id_lock: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                person_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        created_at: string;
                        display_name: string;
                        grants: ({
                            area?: string;
                            id: string;
                            role: string;
                            unit?: string;
                            volunteer?: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                        id: string;
                        kind: string;
                        last_signed_in_at: string | null;
                        login_masked: string;
                        status: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Invalid parameter: the error names it and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body longer than HTTP_MAX_BODY_BYTES (16 MiB unless configured) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    accounts_post_people_by_person_id_unlock: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                person_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        created_at: string;
                        display_name: string;
                        grants: ({
                            area?: string;
                            id: string;
                            role: string;
                            unit?: string;
                            volunteer?: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                        id: string;
                        kind: string;
                        last_signed_in_at: string | null;
                        login_masked: string;
                        status: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Invalid parameter: the error names it and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body longer than HTTP_MAX_BODY_BYTES (16 MiB unless configured) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    accounts_post_service_accounts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    display_name: string;
                    grants: {
                        /** @description area code (area-scoped roles) */
                        area?: string | null;
                        /** @enum {string} */
                        role: "city_admin" | "community_admin" | "grid_worker" | "unit_coordinator" | "integrator" | "report_reader" | "volunteer" | "request_handler";
                        /** @description unit id (unit_coordinator, volunteer); unit id, or a department as <area code>:<department> (request_handler) */
                        unit?: string | null;
                        /** @description dispatch's volunteer id (the volunteer role only) */
                        volunteer?: string | null;
                    }[];
                    user_name: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description shown once */
                        password: string;
                        person_id: string;
                        user_name: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body longer than HTTP_MAX_BODY_BYTES (16 MiB unless configured) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    accounts_post_sessions: {
        parameters: {
            query?: never;
            header?: {
                /** @description `cookie`: a browser's session. The answer has no refresh_token; the response sets the httpOnly wg_refresh cookie (SameSite=Strict, Path=<X-Forwarded-Prefix>/sessions) and the readable wg_csrf cookie (SameSite=Strict, Path=/), both Secure unless ACCOUNTS_COOKIE_SECURE=0 */
                "X-Session-Transport"?: "cookie";
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description mobile number (+86 optional) or a service account's user name */
                    login: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        access_token: string;
                        /** @description seconds */
                        expires_in: number;
                        person: {
                            display_name: string;
                            grants: ({
                                area?: string;
                                role: string;
                                unit?: string;
                                volunteer?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            id: string;
                            kind: string;
                        } & {
                            [key: string]: unknown;
                        };
                        refresh_expires_in: number;
                        /** @description good once: rotated on use. Absent for a browser session (X-Session-Transport: cookie): it is in the httpOnly wg_refresh cookie */
                        refresh_token?: string;
                        /** @description Bearer */
                        token_type: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body longer than HTTP_MAX_BODY_BYTES (16 MiB unless configured) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    accounts_post_sessions_external: {
        parameters: {
            query?: never;
            header?: {
                /** @description `cookie`: a browser's session. The answer has no refresh_token; the response sets the httpOnly wg_refresh cookie (SameSite=Strict, Path=<X-Forwarded-Prefix>/sessions) and the readable wg_csrf cookie (SameSite=Strict, Path=/), both Secure unless ACCOUNTS_COOKIE_SECURE=0 */
                "X-Session-Transport"?: "cookie";
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description an ID or access token (JWT) of the configured OpenID Connect issuer */
                    token: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        access_token: string;
                        /** @description seconds */
                        expires_in: number;
                        person: {
                            display_name: string;
                            grants: ({
                                area?: string;
                                role: string;
                                unit?: string;
                                volunteer?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            id: string;
                            kind: string;
                        } & {
                            [key: string]: unknown;
                        };
                        refresh_expires_in: number;
                        /** @description good once: rotated on use. Absent for a browser session (X-Session-Transport: cookie): it is in the httpOnly wg_refresh cookie */
                        refresh_token?: string;
                        /** @description Bearer */
                        token_type: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body longer than HTTP_MAX_BODY_BYTES (16 MiB unless configured) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Service Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    accounts_post_sessions_refresh: {
        parameters: {
            query?: never;
            header?: {
                /** @description with the wg_refresh cookie and a body without refresh_token: must equal the wg_csrf cookie (else 403 naming X-CSRF-Token) */
                "X-CSRF-Token"?: string;
                /** @description `cookie`: a browser's session. The answer has no refresh_token; the response sets the httpOnly wg_refresh cookie (SameSite=Strict, Path=<X-Forwarded-Prefix>/sessions) and the readable wg_csrf cookie (SameSite=Strict, Path=/), both Secure unless ACCOUNTS_COOKIE_SECURE=0 */
                "X-Session-Transport"?: "cookie";
            };
            path?: never;
            cookie?: {
                /** @description the value X-CSRF-Token must echo */
                wg_csrf?: string;
                /** @description a browser session's refresh token (httpOnly), used when the body names no refresh_token */
                wg_refresh?: string;
            };
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description absent: a browser session's wg_refresh cookie is used (then X-CSRF-Token must equal the wg_csrf cookie); with neither, refresh answers 401 and sign-out 204 */
                    refresh_token?: string | null;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        access_token: string;
                        /** @description seconds */
                        expires_in: number;
                        person: {
                            display_name: string;
                            grants: ({
                                area?: string;
                                role: string;
                                unit?: string;
                                volunteer?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            id: string;
                            kind: string;
                        } & {
                            [key: string]: unknown;
                        };
                        refresh_expires_in: number;
                        /** @description good once: rotated on use. Absent for a browser session (X-Session-Transport: cookie): it is in the httpOnly wg_refresh cookie */
                        refresh_token?: string;
                        /** @description Bearer */
                        token_type: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body longer than HTTP_MAX_BODY_BYTES (16 MiB unless configured) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    accounts_post_sessions_revoke: {
        parameters: {
            query?: never;
            header?: {
                /** @description with the wg_refresh cookie and a body without refresh_token: must equal the wg_csrf cookie (else 403 naming X-CSRF-Token) */
                "X-CSRF-Token"?: string;
                /** @description `cookie`: a browser's session. The answer has no refresh_token; the response sets the httpOnly wg_refresh cookie (SameSite=Strict, Path=<X-Forwarded-Prefix>/sessions) and the readable wg_csrf cookie (SameSite=Strict, Path=/), both Secure unless ACCOUNTS_COOKIE_SECURE=0 */
                "X-Session-Transport"?: "cookie";
            };
            path?: never;
            cookie?: {
                /** @description the value X-CSRF-Token must echo */
                wg_csrf?: string;
                /** @description a browser session's refresh token (httpOnly), used when the body names no refresh_token */
                wg_refresh?: string;
            };
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description absent: a browser session's wg_refresh cookie is used (then X-CSRF-Token must equal the wg_csrf cookie); with neither, refresh answers 401 and sign-out 204 */
                    refresh_token?: string | null;
                };
            };
        };
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body longer than HTTP_MAX_BODY_BYTES (16 MiB unless configured) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    accounts_get_units_by_unit_id_applications: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                status?: "pending" | "approved" | "rejected" | null;
            };
            header?: never;
            path: {
                unit_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        applications: ({
                            application_id: string;
                            /** Format: date-time */
                            applied_at: string;
                            /** Format: date-time */
                            decided_at: string | null;
                            decided_by: string | null;
                            halves: string[];
                            name_masked: string;
                            note: string | null;
                            party_member: boolean;
                            person_id: string | null;
                            phone_masked: string;
                            reason: string | null;
                            skills: string[];
                            status: string;
                            unit_id: string;
                            /** @description once approved: dispatch's id */
                            volunteer_id: string | null;
                            weekdays: number[];
                        } & {
                            [key: string]: unknown;
                        })[];
                        total: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    accounts_post_units_by_unit_id_applications: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                unit_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    halves?: ("am" | "pm")[];
                    name: string;
                    /** @description free text; phone and ID numbers in it are masked before it is kept */
                    note?: string | null;
                    party_member?: boolean;
                    /** @description the password of the account if approved (hashed at once) */
                    password: string;
                    /** @description mainland mobile number (+86 optional): the login of the account if approved */
                    phone: string;
                    /** @description the one-time code sent to the phone (POST /units/<unit_id>/applications/phone-codes): it proves the phone is the applicant's */
                    phone_code: string;
                    /** @description e.g. medic, dialect, fire_safety */
                    skills?: string[];
                    /** @description 0 = Monday … 6 = Sunday */
                    weekdays?: number[];
                };
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        application_id: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body longer than HTTP_MAX_BODY_BYTES (16 MiB unless configured) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    accounts_post_units_by_unit_id_applications_phone_codes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                unit_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description the mobile number to apply with: the code is sent to it */
                    phone: string;
                };
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description the same whether a code was sent or a rate limit held it back */
                        status: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body longer than HTTP_MAX_BODY_BYTES (16 MiB unless configured) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
