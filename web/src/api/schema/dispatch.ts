// Generated from docs/openapi/dispatch.json by scripts/gen-api.mjs: do not edit.
export interface paths {
    "/checkins": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A volunteer checks themself in or out with the code their shift's leader shows, at the server's time (201 the first time, 200 for a repeated scan): the code of a shift they are not on is 403, one no shift has 400 naming `code`, a shift not open yet or over 409 with the time it opens or ended */
        post: operations["dispatch_post_checkins"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/communities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Communities dispatch knows (from registry events), in the caller's area */
        get: operations["dispatch_get_communities"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/communities/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A community with its grids and sites */
        get: operations["dispatch_get_communities_by_code"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/communities/{code}/person-times": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Person-times in a community, per unit */
        get: operations["dispatch_get_communities_by_code_person_times"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/communities/{code}/sites": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A community's sites */
        get: operations["dispatch_get_communities_by_code_sites"];
        put?: never;
        /** Register a checkpoint, testing site or other place orders may name (201; the same site again: 200) */
        post: operations["dispatch_post_communities_by_code_sites"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/grids/{code}/shifts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A grid's shifts from a day on (default today, 7 days): each with its people (names masked), everyone's check-in and check-out, who is missing and who leads it: the grid workers' list */
        get: operations["dispatch_get_grids_by_code_shifts"];
        put?: never;
        post?: never;
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
        get: operations["dispatch_get_health"];
        put?: never;
        post?: never;
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
        get: operations["dispatch_get_metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Place a pairing order: shifts scheduled and staffed at once; the same order again answers 200 unchanged */
        post: operations["dispatch_post_orders"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{order_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One pairing with its totals */
        get: operations["dispatch_get_orders_by_order_id"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Amend head-count, period, places or task kinds */
        patch: operations["dispatch_patch_orders_by_order_id"];
        trace?: never;
    };
    "/orders/{order_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a pairing: its shifts that have not begun are called off */
        post: operations["dispatch_post_orders_by_order_id_cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{order_id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who placed, amended and cancelled the order (account ids), when, and what each step changed */
        get: operations["dispatch_get_orders_by_order_id_history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{order_id}/person-times": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Promised, scheduled, delivered, no-shows */
        get: operations["dispatch_get_orders_by_order_id_person_times"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{order_id}/shifts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The pairing's shifts with their volunteers */
        get: operations["dispatch_get_orders_by_order_id_shifts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/shifts/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One shift with its volunteers (names masked) */
        get: operations["dispatch_get_shifts_by_key"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/shifts/{key}/attendance-corrections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record after the shift ended that a volunteer was present, with a reason (unit coordinator, community or city admin; audited; docs/shifts.md) */
        post: operations["dispatch_post_shifts_by_key_attendance_corrections"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/shifts/{key}/checkin-code": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The shift's check-in code now, for its leader to show (as text or a QR code): 6 digits from the shift's secret, a new one every DISPATCH_CHECKIN_CODE_MINUTES (docs/shifts.md); the grid's workers, the community's or city's admins and the unit's coordinator */
        get: operations["dispatch_get_shifts_by_key_checkin_code"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/shifts/{key}/checkins": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record a check-in or check-out within the shift's windows (docs/shifts.md; 201 the first time, 200 for a repeated scan); a volunteer checking themself in gives the shift's `code` */
        post: operations["dispatch_post_shifts_by_key_checkins"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/shifts/{key}/decline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Take a volunteer off a shift; the best eligible (or the named) volunteer replaces them */
        post: operations["dispatch_post_shifts_by_key_decline"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/shifts/{key}/replace": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A coordinator replaces a volunteer on a shift: by the named one, or the next in the fair rotation */
        post: operations["dispatch_post_shifts_by_key_replace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/shifts/{key}/swap": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Two volunteers of one unit exchange their shifts, if both stay within availability, weekly limits and single booking */
        post: operations["dispatch_post_shifts_by_key_swap"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/units": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The units the caller reaches, with their volunteer counts */
        get: operations["dispatch_get_units"];
        put?: never;
        /** Register a unit with its coordinator contact */
        post: operations["dispatch_post_units"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/units/{unit_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One unit (coordinator's name and phone masked unless revealed) */
        get: operations["dispatch_get_units_by_unit_id"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a unit's name, coordinator or activity */
        patch: operations["dispatch_patch_units_by_unit_id"];
        trace?: never;
    };
    "/units/{unit_id}/person-times": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Person-times of a unit, per pairing */
        get: operations["dispatch_get_units_by_unit_id_person_times"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/units/{unit_id}/understaffed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The unit's coming shifts that still miss people */
        get: operations["dispatch_get_units_by_unit_id_understaffed"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/volunteers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Volunteers, by unit and activity, paged */
        get: operations["dispatch_get_volunteers"];
        put?: never;
        /** Register a volunteer of a unit */
        post: operations["dispatch_post_volunteers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/volunteers/{volunteer_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One volunteer (name and phone masked unless revealed) */
        get: operations["dispatch_get_volunteers_by_volunteer_id"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a volunteer's unit, skills or availability */
        patch: operations["dispatch_patch_volunteers_by_volunteer_id"];
        trace?: never;
    };
    "/volunteers/{volunteer_id}/shifts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A volunteer's shifts from a day on (default: today), with their own check-ins: a volunteer's 'my shifts' */
        get: operations["dispatch_get_volunteers_by_volunteer_id_shifts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/volunteers/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Import a roster (CSV or XLSX body, headers in docs/rules.md): valid rows created or updated, a (row, column, reason) report for the others */
        post: operations["dispatch_post_volunteers_import"];
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
    dispatch_post_checkins: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description the 6 digits the shift's leader shows (GET /shifts/<key>/checkin-code), typed or read from the QR code */
                    code: string;
                    /** @enum {string} */
                    kind?: "in" | "out";
                    /** @description the shift the QR code names (optional: without it, the caller's shift whose code it is) */
                    shift_key?: string | null;
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
                        basis?: string | null;
                        booked: boolean;
                        checked_in_at: string | null;
                        checked_out_at: string | null;
                        shift_key: string;
                        volunteer_id: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        basis?: string | null;
                        booked: boolean;
                        checked_in_at: string | null;
                        checked_out_at: string | null;
                        shift_key: string;
                        volunteer_id: string;
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
    dispatch_get_communities: {
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
                        communities: ({
                            code: string;
                            /** @description how many grids */
                            grids: number;
                            name: string;
                            version: number;
                        } & {
                            [key: string]: unknown;
                        })[];
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
        };
    };
    dispatch_get_communities_by_code: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
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
                        code: string;
                        grids: string[];
                        name: string;
                        parent_code: string | null;
                        sites: ({
                            community_code: string;
                            kind: string;
                            name: string;
                            site_code: string;
                            version: number;
                        } & {
                            [key: string]: unknown;
                        })[];
                        version: number;
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
    dispatch_get_communities_by_code_person_times: {
        parameters: {
            query?: {
                /** @description first day (inclusive) */
                since?: string | null;
                /** @description last day (inclusive) */
                until?: string | null;
            };
            header?: never;
            path: {
                code: string;
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
                        community_code: string;
                        /** Format: date */
                        since: string | null;
                        totals: {
                            /** @description of delivered, those recorded after the shift by an audited correction (reporting's pt_corrected) */
                            corrected: number;
                            /** @description people present, one per volunteer and shift: by a scan, a visit on the shift or a correction */
                            delivered: number;
                            /** @description bookings without a check-in once the shift ended */
                            no_shows: number;
                            /** @description sum of head-counts */
                            promised: number;
                            /** @description bookings */
                            scheduled: number;
                            /** @description seats nobody was scheduled for */
                            short: number;
                        } & {
                            [key: string]: unknown;
                        };
                        units: ({
                            /** @description of delivered, those recorded after the shift by an audited correction (reporting's pt_corrected) */
                            corrected: number;
                            /** @description people present, one per volunteer and shift: by a scan, a visit on the shift or a correction */
                            delivered: number;
                            /** @description bookings without a check-in once the shift ended */
                            no_shows: number;
                            /** @description sum of head-counts */
                            promised: number;
                            /** @description bookings */
                            scheduled: number;
                            /** @description seats nobody was scheduled for */
                            short: number;
                            unit_id: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                        /** Format: date */
                        until: string | null;
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
    dispatch_get_communities_by_code_sites: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
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
                        community_code: string;
                        sites: ({
                            community_code: string;
                            kind: string;
                            name: string;
                            site_code: string;
                            version: number;
                        } & {
                            [key: string]: unknown;
                        })[];
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
    dispatch_post_communities_by_code_sites: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description checkpoint (卡口), testing_site (核酸采样点) or other
                     * @enum {string}
                     */
                    kind: "checkpoint" | "testing_site" | "other";
                    /** @description e.g. 滨江路卡口 */
                    name: string;
                    /** @description the place code orders name; not a grid's code */
                    site_code: string;
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
                        community_code: string;
                        kind: string;
                        name: string;
                        site_code: string;
                        version: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        community_code: string;
                        kind: string;
                        name: string;
                        site_code: string;
                        version: number;
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
    dispatch_get_grids_by_code_shifts: {
        parameters: {
            query?: {
                /** @description how many days from `since` (1-31) */
                days?: number;
                /** @description first day (inclusive); default: today */
                since?: string | null;
            };
            header?: never;
            path: {
                code: string;
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
                        days: number;
                        grid_code: string;
                        shifts: ({
                            assigned: number;
                            /** @description people present */
                            checked_in: number;
                            community_code: string;
                            /** Format: date */
                            day: string;
                            /**
                             * Format: date-time
                             * @description its end (UTC)
                             */
                            ends_at: string;
                            half: string;
                            head_count: number;
                            /** @description who leads it: the grid workers of its grid (none at a site) */
                            leads: ({
                                /** @description a grid worker's account */
                                account_id: string;
                                name_masked: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @description seats nobody holds */
                            missing: number;
                            /** @description booked people without a check-in yet */
                            not_checked_in: number;
                            order_id: string;
                            place_code: string;
                            /** @description the grid's or site's name, when dispatch knows it */
                            place_name: string | null;
                            shift_key: string;
                            /**
                             * Format: date-time
                             * @description the shift's start (UTC)
                             */
                            starts_at: string;
                            status: string;
                            task_kinds: string[];
                            unit_id: string;
                            version: number;
                            volunteers: ({
                                /** @description what made them present: scan, visit or correction */
                                basis: string | null;
                                /** @description false: present without a booking (stepped in) */
                                booked: boolean;
                                /** Format: date-time */
                                checked_in_at: string | null;
                                /** Format: date-time */
                                checked_out_at: string | null;
                                name_masked: string;
                                volunteer_id: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                        } & {
                            [key: string]: unknown;
                        })[];
                        /** Format: date */
                        since: string;
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
    dispatch_get_health: {
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
    dispatch_get_metrics: {
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
    dispatch_post_orders: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description number of consecutive slots */
                    batches?: number | null;
                    community_code: string;
                    /**
                     * Format: date
                     * @description last day; give this or batches
                     */
                    end?: string | null;
                    /** @description people per batch */
                    head_count: number;
                    head_count_per_place?: boolean;
                    /** @description default: generated */
                    order_id?: string | null;
                    /** @description grid or site codes (sites: POST /communities/{code}/sites); empty: every grid */
                    places?: string[];
                    /** @enum {string} */
                    slot_kind?: "half_day" | "day";
                    /** Format: date */
                    start: string;
                    task_kinds: ("door_to_door" | "checkpoint" | "testing_support" | "publicity" | "safety_check" | "phone_check")[];
                    unit_id: string;
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
                        order_id: string;
                        status: string;
                        version: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        order_id: string;
                        status: string;
                        version: number;
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
    dispatch_get_orders_by_order_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                order_id: string;
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
                        order_id: string;
                        status: string;
                        version: number;
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
    dispatch_patch_orders_by_order_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                order_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    batches?: number | null;
                    /** Format: date */
                    end?: string | null;
                    head_count?: number;
                    head_count_per_place?: boolean;
                    /** @constant */
                    order_id?: unknown;
                    places?: string[];
                    /** Format: date */
                    start?: string;
                    task_kinds?: ("door_to_door" | "checkpoint" | "testing_support" | "publicity" | "safety_check" | "phone_check")[];
                    /** @description the version you read (optional) */
                    version?: number;
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
                        order_id: string;
                        status: string;
                        version: number;
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
    dispatch_post_orders_by_order_id_cancel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                order_id: string;
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
                        order_id: string;
                        status: string;
                        version: number;
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
    dispatch_get_orders_by_order_id_history: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                order_id: string;
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
                        changes: ({
                            /** @description the account that made it (an id); null: an event of another system (its id is the cause) or an order older than authors */
                            actor: string | null;
                            cause: string;
                            /** @description ordered, amended or cancelled */
                            change: string;
                            /** Format: date-time */
                            changed_at: string;
                            /** @description the terms it changed: {field: [before, after]} */
                            fields: Record<string, never>;
                            /** @description the order's version after the change */
                            version: number;
                        } & {
                            [key: string]: unknown;
                        })[];
                        order_id: string;
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
    dispatch_get_orders_by_order_id_person_times: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                order_id: string;
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
                        community_code: string;
                        /** @description of delivered, those recorded after the shift by an audited correction (reporting's pt_corrected) */
                        corrected: number;
                        days: ({
                            /** @description of delivered, those recorded after the shift by an audited correction (reporting's pt_corrected) */
                            corrected: number;
                            /** Format: date */
                            day: string;
                            /** @description people present, one per volunteer and shift: by a scan, a visit on the shift or a correction */
                            delivered: number;
                            /** @description bookings without a check-in once the shift ended */
                            no_shows: number;
                            /** @description sum of head-counts */
                            promised: number;
                            /** @description bookings */
                            scheduled: number;
                            /** @description seats nobody was scheduled for */
                            short: number;
                        } & {
                            [key: string]: unknown;
                        })[];
                        /** @description people present, one per volunteer and shift: by a scan, a visit on the shift or a correction */
                        delivered: number;
                        no_show_list: ({
                            shift_key: string;
                            volunteer_id: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                        /** @description bookings without a check-in once the shift ended */
                        no_shows: number;
                        order_id: string;
                        /** @description sum of head-counts */
                        promised: number;
                        /** @description bookings */
                        scheduled: number;
                        /** @description seats nobody was scheduled for */
                        short: number;
                        status: string;
                        unit_id: string;
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
    dispatch_get_orders_by_order_id_shifts: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                order_id: string;
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
                        order_id: string;
                        shifts: Record<string, never>[];
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
    dispatch_get_shifts_by_key: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
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
                        assigned: number;
                        community_code: string;
                        /** Format: date */
                        day: string;
                        /**
                         * Format: date-time
                         * @description its end (UTC)
                         */
                        ends_at: string;
                        half: string;
                        head_count: number;
                        /** @description who leads it: the grid workers of its grid (none at a site) */
                        leads: ({
                            /** @description a grid worker's account */
                            account_id: string;
                            name_masked: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                        /** @description seats nobody holds */
                        missing: number;
                        order_id: string;
                        place_code: string;
                        /** @description the grid's or site's name, when dispatch knows it */
                        place_name: string | null;
                        shift_key: string;
                        /**
                         * Format: date-time
                         * @description the shift's start (UTC)
                         */
                        starts_at: string;
                        status: string;
                        task_kinds: string[];
                        unit_id: string;
                        version: number;
                        volunteers: ({
                            name_masked: string;
                            volunteer_id: string;
                        } & {
                            [key: string]: unknown;
                        })[];
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
    dispatch_post_shifts_by_key_attendance_corrections: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date-time
                     * @description when they really arrived: within the shift's check-in window (docs/shifts.md)
                     */
                    checked_in_at: string;
                    /**
                     * Format: date-time
                     * @description when they left, if known: within the check-out window
                     */
                    checked_out_at?: string | null;
                    /** @description why (kept and audited; ID and phone numbers in it are masked) */
                    reason: string;
                    volunteer_id: string;
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
                        basis?: string | null;
                        booked: boolean;
                        checked_in_at: string | null;
                        checked_out_at: string | null;
                        correction: Record<string, never>;
                        shift_key: string;
                        volunteer_id: string;
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
    dispatch_get_shifts_by_key_checkin_code: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
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
                        /**
                         * Format: date-time
                         * @description until when a volunteer's check-in with it is still taken
                         */
                        accepted_until: string;
                        /** @description 6 digits: show it (as text or a QR code) */
                        code: string;
                        /** @description seconds one code lasts */
                        period_s: number;
                        shift_key: string;
                        /** Format: date-time */
                        valid_from: string;
                        /**
                         * Format: date-time
                         * @description when the next code replaces it on the screen
                         */
                        valid_until: string;
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
        };
    };
    dispatch_post_shifts_by_key_checkins: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date-time
                     * @description default: now. A volunteer checking themself in gives none: theirs is recorded at the server's time
                     */
                    at?: string | null;
                    /** @description the shift's check-in code its leader shows: required when a volunteer checks themself in (it proves they are there); not asked of the place's staff, the unit's coordinator or integrators */
                    code?: string | null;
                    device?: string | null;
                    /** @enum {string} */
                    kind?: "in" | "out";
                    volunteer_id: string;
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
                        basis?: string | null;
                        booked: boolean;
                        checked_in_at: string | null;
                        checked_out_at: string | null;
                        shift_key: string;
                        volunteer_id: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        basis?: string | null;
                        booked: boolean;
                        checked_in_at: string | null;
                        checked_out_at: string | null;
                        shift_key: string;
                        volunteer_id: string;
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
    dispatch_post_shifts_by_key_decline: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description who replaces them; default: the best eligible volunteer */
                    incoming_volunteer_id?: string | null;
                    /** @description who leaves the shift */
                    volunteer_id: string;
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
                        /** @description who left the shift */
                        left: string;
                        missing: number;
                        /** @description who took their place, if anyone */
                        replacement: string | null;
                        shift_key: string;
                        volunteers: string[];
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
    dispatch_post_shifts_by_key_replace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description who takes their place; default: the next in the fair rotation */
                    replacement_id?: string | null;
                    /** @description who leaves the shift */
                    volunteer_id: string;
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
                        /** @description who left the shift */
                        left: string;
                        missing: number;
                        /** @description who took their place, if anyone */
                        replacement: string | null;
                        shift_key: string;
                        volunteers: string[];
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
    dispatch_post_shifts_by_key_swap: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description a shift of the same unit */
                    other_shift_key: string;
                    /** @description on the other shift; comes to this one */
                    other_volunteer_id: string;
                    /** @description on this shift; goes to the other one */
                    volunteer_id: string;
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
                        shifts: Record<string, never>[];
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
    dispatch_get_units: {
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
                        units: ({
                            active: boolean;
                            area_code?: string | null;
                            coordinator: {
                                /** @description only with ?reveal=coordinator_name */
                                name?: string;
                                name_masked: string;
                                /** @description only with ?reveal=coordinator_phone */
                                phone?: string;
                                phone_masked: string | null;
                            } & {
                                [key: string]: unknown;
                            };
                            name: string;
                            unit_id: string;
                            version: number;
                            /** @description how many volunteers */
                            volunteers?: number;
                        } & {
                            [key: string]: unknown;
                        })[];
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
        };
    };
    dispatch_post_units: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    active?: boolean;
                    /** @description the area (a city, a district) whose organisation pairs the unit: who reaches the unit, and where its orders may pair it */
                    area_code: string;
                    coordinator_name: string;
                    /** @description only ever shown masked */
                    coordinator_phone: string;
                    name: string;
                    unit_id: string;
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
                        active: boolean;
                        area_code?: string | null;
                        coordinator: {
                            /** @description only with ?reveal=coordinator_name */
                            name?: string;
                            name_masked: string;
                            /** @description only with ?reveal=coordinator_phone */
                            phone?: string;
                            phone_masked: string | null;
                        } & {
                            [key: string]: unknown;
                        };
                        name: string;
                        unit_id: string;
                        version: number;
                        /** @description how many volunteers */
                        volunteers?: number;
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
    dispatch_get_units_by_unit_id: {
        parameters: {
            query?: {
                /** @description coordinator_name or coordinator_phone: answer it in clear as well (needs read_sensitive; every such read is written to the audit log). Repeat or comma-separate. */
                reveal?: string[];
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
                        active: boolean;
                        area_code?: string | null;
                        coordinator: {
                            /** @description only with ?reveal=coordinator_name */
                            name?: string;
                            name_masked: string;
                            /** @description only with ?reveal=coordinator_phone */
                            phone?: string;
                            phone_masked: string | null;
                        } & {
                            [key: string]: unknown;
                        };
                        name: string;
                        unit_id: string;
                        version: number;
                        /** @description how many volunteers */
                        volunteers?: number;
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
    dispatch_patch_units_by_unit_id: {
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
                    active?: boolean;
                    coordinator_name?: string;
                    coordinator_phone?: string;
                    name?: string;
                    /** @description the version you read (optional) */
                    version?: number;
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
                        active: boolean;
                        area_code?: string | null;
                        coordinator: {
                            /** @description only with ?reveal=coordinator_name */
                            name?: string;
                            name_masked: string;
                            /** @description only with ?reveal=coordinator_phone */
                            phone?: string;
                            phone_masked: string | null;
                        } & {
                            [key: string]: unknown;
                        };
                        name: string;
                        unit_id: string;
                        version: number;
                        /** @description how many volunteers */
                        volunteers?: number;
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
    dispatch_get_units_by_unit_id_person_times: {
        parameters: {
            query?: {
                /** @description first day (inclusive) */
                since?: string | null;
                /** @description last day (inclusive) */
                until?: string | null;
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
                        orders: ({
                            /** @description of delivered, those recorded after the shift by an audited correction (reporting's pt_corrected) */
                            corrected: number;
                            /** @description people present, one per volunteer and shift: by a scan, a visit on the shift or a correction */
                            delivered: number;
                            /** @description bookings without a check-in once the shift ended */
                            no_shows: number;
                            order_id: string;
                            /** @description sum of head-counts */
                            promised: number;
                            /** @description bookings */
                            scheduled: number;
                            /** @description seats nobody was scheduled for */
                            short: number;
                        } & {
                            [key: string]: unknown;
                        })[];
                        /** Format: date */
                        since: string | null;
                        totals: {
                            /** @description of delivered, those recorded after the shift by an audited correction (reporting's pt_corrected) */
                            corrected: number;
                            /** @description people present, one per volunteer and shift: by a scan, a visit on the shift or a correction */
                            delivered: number;
                            /** @description bookings without a check-in once the shift ended */
                            no_shows: number;
                            /** @description sum of head-counts */
                            promised: number;
                            /** @description bookings */
                            scheduled: number;
                            /** @description seats nobody was scheduled for */
                            short: number;
                        } & {
                            [key: string]: unknown;
                        };
                        unit_id: string;
                        /** Format: date */
                        until: string | null;
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
    dispatch_get_units_by_unit_id_understaffed: {
        parameters: {
            query?: never;
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
                        missing: number;
                        shifts: Record<string, never>[];
                        unit_id: string;
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
    dispatch_get_volunteers: {
        parameters: {
            query?: {
                active?: boolean;
                limit?: number;
                offset?: number;
                unit?: string;
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
                        limit: number;
                        offset: number;
                        total: number;
                        volunteers: ({
                            /** @description the volunteer's account, when approved in accounts (issue 13) */
                            account_id?: string | null;
                            active: boolean;
                            blackout: string[];
                            halves: string[];
                            /** @description only with ?reveal=name */
                            name?: string;
                            name_masked: string;
                            party_member: boolean;
                            /** @description only with ?reveal=phone */
                            phone?: string | null;
                            phone_masked: string | null;
                            skills: string[];
                            unit_id: string;
                            version: number;
                            volunteer_id: string;
                            weekdays: number[];
                            weekly_limit: number | null;
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
        };
    };
    dispatch_post_volunteers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    active?: boolean;
                    /** @description days the volunteer cannot go */
                    blackout?: string[];
                    halves?: ("am" | "pm")[];
                    name: string;
                    party_member?: boolean;
                    /** @description kept by dispatch, only ever shown masked */
                    phone?: string | null;
                    /** @description e.g. medic, dialect, fire_safety */
                    skills?: string[];
                    unit_id: string;
                    /** @description default: generated */
                    volunteer_id?: string | null;
                    /** @description 0 = Monday … 6 = Sunday */
                    weekdays?: number[];
                    /** @description most shifts per ISO week, all pairings together */
                    weekly_limit?: number;
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
                        /** @description the volunteer's account, when approved in accounts (issue 13) */
                        account_id?: string | null;
                        active: boolean;
                        blackout: string[];
                        halves: string[];
                        /** @description only with ?reveal=name */
                        name?: string;
                        name_masked: string;
                        party_member: boolean;
                        /** @description only with ?reveal=phone */
                        phone?: string | null;
                        phone_masked: string | null;
                        skills: string[];
                        unit_id: string;
                        version: number;
                        volunteer_id: string;
                        weekdays: number[];
                        weekly_limit: number | null;
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
    dispatch_get_volunteers_by_volunteer_id: {
        parameters: {
            query?: {
                /** @description name or phone: answer it in clear as well (needs read_sensitive; every such read is written to the audit log). Repeat or comma-separate. */
                reveal?: string[];
            };
            header?: never;
            path: {
                volunteer_id: string;
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
                        /** @description the volunteer's account, when approved in accounts (issue 13) */
                        account_id?: string | null;
                        active: boolean;
                        blackout: string[];
                        halves: string[];
                        /** @description only with ?reveal=name */
                        name?: string;
                        name_masked: string;
                        party_member: boolean;
                        /** @description only with ?reveal=phone */
                        phone?: string | null;
                        phone_masked: string | null;
                        skills: string[];
                        unit_id: string;
                        version: number;
                        volunteer_id: string;
                        weekdays: number[];
                        weekly_limit: number | null;
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
    dispatch_patch_volunteers_by_volunteer_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                volunteer_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    active?: boolean;
                    blackout?: string[];
                    halves?: ("am" | "pm")[];
                    name?: string;
                    party_member?: boolean;
                    phone?: string | null;
                    skills?: string[];
                    unit_id?: string;
                    /** @description the version you read (optional) */
                    version?: number;
                    weekdays?: number[];
                    weekly_limit?: number;
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
                        /** @description the volunteer's account, when approved in accounts (issue 13) */
                        account_id?: string | null;
                        active: boolean;
                        blackout: string[];
                        halves: string[];
                        /** @description only with ?reveal=name */
                        name?: string;
                        name_masked: string;
                        party_member: boolean;
                        /** @description only with ?reveal=phone */
                        phone?: string | null;
                        phone_masked: string | null;
                        skills: string[];
                        unit_id: string;
                        version: number;
                        volunteer_id: string;
                        weekdays: number[];
                        weekly_limit: number | null;
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
    dispatch_get_volunteers_by_volunteer_id_shifts: {
        parameters: {
            query?: {
                /** @description first day (inclusive); default: today */
                since?: string | null;
            };
            header?: never;
            path: {
                volunteer_id: string;
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
                        /** @description their shifts from `since` on, each with the people on it (names masked) and their own attendance */
                        shifts: ({
                            assigned: number;
                            /**
                             * Format: date-time
                             * @description the volunteer's own
                             */
                            checked_in_at: string | null;
                            /** Format: date-time */
                            checked_out_at: string | null;
                            community_code: string;
                            /** Format: date */
                            day: string;
                            /**
                             * Format: date-time
                             * @description its end (UTC)
                             */
                            ends_at: string;
                            half: string;
                            head_count: number;
                            /** @description who leads it: the grid workers of its grid (none at a site) */
                            leads: ({
                                /** @description a grid worker's account */
                                account_id: string;
                                name_masked: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @description seats nobody holds */
                            missing: number;
                            order_id: string;
                            place_code: string;
                            /** @description the grid's or site's name, when dispatch knows it */
                            place_name: string | null;
                            shift_key: string;
                            /**
                             * Format: date-time
                             * @description the shift's start (UTC)
                             */
                            starts_at: string;
                            status: string;
                            task_kinds: string[];
                            unit_id: string;
                            version: number;
                            volunteers: ({
                                name_masked: string;
                                volunteer_id: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                        } & {
                            [key: string]: unknown;
                        })[];
                        /** Format: date */
                        since: string;
                        volunteer_id: string;
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
    dispatch_post_volunteers_import: {
        parameters: {
            query?: {
                dry_run?: boolean;
                /** @description default: from the Content-Type */
                format?: "csv" | "xlsx";
                /** @description unit of rows without one */
                unit?: string;
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
                        dry_run: boolean;
                        /** @description row, column and reason of each refusal */
                        errors: Record<string, never>[];
                        import_id: string;
                        rows_imported: number;
                        rows_rejected: number;
                        rows_total: number;
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
}
