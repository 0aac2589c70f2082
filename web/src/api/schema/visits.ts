// Generated from docs/openapi/visits.json by scripts/gen-api.mjs: do not edit.
export interface paths {
    "/campaigns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Campaigns holding a grid in the caller's area, with their coverage there */
        get: operations["visits_get_campaigns"];
        put?: never;
        /** Start a campaign: period, areas, questionnaire (default 三询问一完善); the same campaign again answers 200 */
        post: operations["visits_post_campaigns"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/campaigns/{campaign_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One campaign with households per state and coverage (in the caller's area) */
        get: operations["visits_get_campaigns_by_campaign_id"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/campaigns/{campaign_id}/coverage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Households per state and coverage, per grid (the caller's grids) */
        get: operations["visits_get_campaigns_by_campaign_id_coverage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/campaigns/{campaign_id}/end": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End a campaign: open tasks are released */
        post: operations["visits_post_campaigns_by_campaign_id_end"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/campaigns/{campaign_id}/follow-up": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Households for phone/video follow-up (not home too often, or refused) */
        get: operations["visits_get_campaigns_by_campaign_id_follow_up"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/campaigns/{campaign_id}/grids/{grid_code}/households": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A grid's households with their state and attempts */
        get: operations["visits_get_campaigns_by_campaign_id_grids_by_grid_code_households"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/campaigns/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a campaign from a YAML or JSON file (the body; ?filename= tells which) */
        post: operations["visits_post_campaigns_import"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/discrepancies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Head-count discrepancies in the caller's area */
        get: operations["visits_get_discrepancies"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/hazards": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Home safety hazards found in the caller's area */
        get: operations["visits_get_hazards"];
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
        get: operations["visits_get_health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/households/{code}/visits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A household's visits, oldest first */
        get: operations["visits_get_households_by_code_visits"];
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
        get: operations["visits_get_metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/questionnaires/{questionnaire_id}/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A questionnaire version's definition (what dump_questionnaire writes: sections, options and labels, conditions, required, bounds): the field app renders and checks answers by it */
        get: operations["visits_get_questionnaires_by_questionnaire_id_by_version"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Requests in the caller's area by grid (or any area above), status, overdue; ?mine=raised: those raised on the visits the caller made or recorded, or by them */
        get: operations["visits_get_requests"];
        put?: never;
        /** Raise a resident's request (困难诉求) directly; due by the service levels of docs/rules.md, escalated up the area tree when overdue */
        post: operations["visits_post_requests"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests/{request_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One request with its history (each step, its account, time and note) */
        get: operations["visits_get_requests_by_request_id"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests/{request_id}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The assigned request handler takes the request on (status stays assigned; accepted_at and accepted_by are set; again: unchanged); 409 once resolved or closed, or transferred meanwhile */
        post: operations["visits_post_requests_by_request_id_accept"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests/{request_id}/assign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Assign, or transfer (转办), to a unit or department (assigned_to: its code; its request handlers then see and act on the request) */
        post: operations["visits_post_requests_by_request_id_assign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests/{request_id}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Close: the resident confirmed, or the grid leader */
        post: operations["visits_post_requests_by_request_id_close"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests/{request_id}/reopen": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reopen a resolved request (say why) */
        post: operations["visits_post_requests_by_request_id_reopen"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests/{request_id}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark resolved, waiting for confirmation */
        post: operations["visits_post_requests_by_request_id_resolve"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/shifts/{key}/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A shift's tasks per volunteer in walking order (what the phone shows) */
        get: operations["visits_get_shifts_by_key_tasks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/visits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record a visit (201; the same visit again: 200; the same id with other content: 409); on a shift, within its hours (docs/shifts.md); answers as the questionnaire in docs/rules.md asks */
        post: operations["visits_post_visits"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/visits/{visit_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One visit */
        get: operations["visits_get_visits_by_visit_id"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/volunteers/{volunteer_id}/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A volunteer's own tasks ("my tasks"): their shifts from a day on, in walking order */
        get: operations["visits_get_volunteers_by_volunteer_id_tasks"];
        put?: never;
        post?: never;
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
    visits_get_campaigns: {
        parameters: {
            query?: {
                status?: "active" | "ended" | null;
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
                        campaigns: ({
                            campaign_id: string;
                            coverage: number;
                            /** Format: date */
                            ended_on: string | null;
                            /** @description the grids counted (those the caller holds); null: all */
                            figures_within: string[] | null;
                            households: number;
                            max_attempts: number;
                            name: string;
                            per_volunteer: number | null;
                            /** @description GET /questionnaires/<id>/<version> answers its definition */
                            questionnaire_id: string;
                            questionnaire_version: number;
                            /** @description state → households */
                            states: Record<string, never>;
                            status: string;
                            version: number;
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
    visits_post_campaigns: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description grid, community or higher area codes */
                    area_codes: string[];
                    /** @description default: generated */
                    campaign_id?: string | null;
                    /** Format: date */
                    end: string;
                    /** @description not-home visits before the household goes to follow-up */
                    max_attempts?: number;
                    name: string;
                    /** @description most households per volunteer and shift (default: no cap) */
                    per_volunteer?: number | null;
                    /** @description the questionnaire document (default: 三询问一完善) */
                    questionnaire?: Record<string, never> | null;
                    /** Format: date */
                    start: string;
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
                        campaign_id: string;
                        coverage: number;
                        /** Format: date */
                        ended_on: string | null;
                        /** @description the grids counted (those the caller holds); null: all */
                        figures_within: string[] | null;
                        households: number;
                        max_attempts: number;
                        name: string;
                        per_volunteer: number | null;
                        /** @description GET /questionnaires/<id>/<version> answers its definition */
                        questionnaire_id: string;
                        questionnaire_version: number;
                        /** @description state → households */
                        states: Record<string, never>;
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
                        campaign_id: string;
                        coverage: number;
                        /** Format: date */
                        ended_on: string | null;
                        /** @description the grids counted (those the caller holds); null: all */
                        figures_within: string[] | null;
                        households: number;
                        max_attempts: number;
                        name: string;
                        per_volunteer: number | null;
                        /** @description GET /questionnaires/<id>/<version> answers its definition */
                        questionnaire_id: string;
                        questionnaire_version: number;
                        /** @description state → households */
                        states: Record<string, never>;
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
    visits_get_campaigns_by_campaign_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                campaign_id: string;
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
                        campaign_id: string;
                        coverage: number;
                        /** Format: date */
                        ended_on: string | null;
                        /** @description the grids counted (those the caller holds); null: all */
                        figures_within: string[] | null;
                        households: number;
                        max_attempts: number;
                        name: string;
                        per_volunteer: number | null;
                        /** @description GET /questionnaires/<id>/<version> answers its definition */
                        questionnaire_id: string;
                        questionnaire_version: number;
                        /** @description state → households */
                        states: Record<string, never>;
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
    visits_get_campaigns_by_campaign_id_coverage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                campaign_id: string;
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
                        campaign_id: string;
                        coverage: number;
                        /** Format: date */
                        ended_on: string | null;
                        /** @description the grids counted (those the caller holds); null: all */
                        figures_within: string[] | null;
                        grids: Record<string, never>[];
                        households: number;
                        max_attempts: number;
                        name: string;
                        per_volunteer: number | null;
                        /** @description GET /questionnaires/<id>/<version> answers its definition */
                        questionnaire_id: string;
                        questionnaire_version: number;
                        /** @description state → households */
                        states: Record<string, never>;
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
    visits_post_campaigns_by_campaign_id_end: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                campaign_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date
                     * @description default: today (local)
                     */
                    ended_on?: string | null;
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
                        campaign_id: string;
                        coverage: number;
                        /** Format: date */
                        ended_on: string | null;
                        /** @description the grids counted (those the caller holds); null: all */
                        figures_within: string[] | null;
                        households: number;
                        max_attempts: number;
                        name: string;
                        per_volunteer: number | null;
                        /** @description GET /questionnaires/<id>/<version> answers its definition */
                        questionnaire_id: string;
                        questionnaire_version: number;
                        /** @description state → households */
                        states: Record<string, never>;
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
    visits_get_campaigns_by_campaign_id_follow_up: {
        parameters: {
            query?: {
                grid_code?: string | null;
            };
            header?: never;
            path: {
                campaign_id: string;
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
                        campaign_id: string;
                        /** @description each with the people to call, names masked */
                        households: ({
                            address: string | null;
                            attempts: number | null;
                            building_code: string | null;
                            building_name: string | null;
                            follow_up: boolean;
                            grid_code: string;
                            household_code: string;
                            /** @description residence, rental, shop or enterprise */
                            kind: string | null;
                            last_outcome: string | null;
                            last_visit_at: string | null;
                            reached_at: string | null;
                            /** @description the people registered there, names masked (never in clear: a reveal is the registry's, audited) */
                            residents: ({
                                /** @description masked as the registry publishes it (李*明); null until the registry's next event about a resident copied before issue 14 */
                                name_masked: string | null;
                                resident_id: number;
                                /** @description codes of services/common/vocab.py (elderly_alone, disabled, key_person…) */
                                tags: string[];
                            } & {
                                [key: string]: unknown;
                            })[];
                            shift_key: string | null;
                            state: string | null;
                            version: number;
                            volunteer_id: string | null;
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
    visits_get_campaigns_by_campaign_id_grids_by_grid_code_households: {
        parameters: {
            query?: {
                state?: "unassigned" | "assigned" | "reached" | "not_home" | "refused" | "vacant" | null;
            };
            header?: never;
            path: {
                campaign_id: string;
                grid_code: string;
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
                        campaign_id: string;
                        /** @description campaign id → its title and questionnaire, for every campaign of the households listed */
                        campaigns: {
                            [key: string]: {
                                /** @description not-home visits before the household goes to follow-up */
                                max_attempts: number;
                                /** @description GET /questionnaires/<id>/<version> answers its definition */
                                questionnaire_id: string;
                                questionnaire_version: number;
                                title: string;
                            } & {
                                [key: string]: unknown;
                            };
                        };
                        grid_code: string;
                        /** @description in walking order: building by building, then address */
                        households: ({
                            address: string | null;
                            attempts: number | null;
                            building_code: string | null;
                            building_name: string | null;
                            follow_up: boolean;
                            grid_code: string;
                            household_code: string;
                            /** @description residence, rental, shop or enterprise */
                            kind: string | null;
                            last_outcome: string | null;
                            last_visit_at: string | null;
                            reached_at: string | null;
                            /** @description the people registered there, names masked (never in clear: a reveal is the registry's, audited) */
                            residents: ({
                                /** @description masked as the registry publishes it (李*明); null until the registry's next event about a resident copied before issue 14 */
                                name_masked: string | null;
                                resident_id: number;
                                /** @description codes of services/common/vocab.py (elderly_alone, disabled, key_person…) */
                                tags: string[];
                            } & {
                                [key: string]: unknown;
                            })[];
                            shift_key: string | null;
                            state: string | null;
                            version: number;
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
    visits_post_campaigns_import: {
        parameters: {
            query?: {
                /** @description tells YAML (.yaml/.yml) from JSON */
                filename?: string;
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
                        campaign_id: string;
                        coverage: number;
                        /** Format: date */
                        ended_on: string | null;
                        /** @description the grids counted (those the caller holds); null: all */
                        figures_within: string[] | null;
                        households: number;
                        max_attempts: number;
                        name: string;
                        per_volunteer: number | null;
                        /** @description GET /questionnaires/<id>/<version> answers its definition */
                        questionnaire_id: string;
                        questionnaire_version: number;
                        /** @description state → households */
                        states: Record<string, never>;
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
                        campaign_id: string;
                        coverage: number;
                        /** Format: date */
                        ended_on: string | null;
                        /** @description the grids counted (those the caller holds); null: all */
                        figures_within: string[] | null;
                        households: number;
                        max_attempts: number;
                        name: string;
                        per_volunteer: number | null;
                        /** @description GET /questionnaires/<id>/<version> answers its definition */
                        questionnaire_id: string;
                        questionnaire_version: number;
                        /** @description state → households */
                        states: Record<string, never>;
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
    visits_get_discrepancies: {
        parameters: {
            query?: {
                campaign_id?: string | null;
                grid_code?: string | null;
                limit?: number;
                offset?: number;
                status?: "open" | "closed" | null;
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
                        discrepancies: Record<string, never>[];
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
    visits_get_hazards: {
        parameters: {
            query?: {
                campaign_id?: string | null;
                grid_code?: string | null;
                limit?: number;
                offset?: number;
                severity?: "low" | "medium" | "high" | null;
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
                        hazards: Record<string, never>[];
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
    visits_get_health: {
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
    visits_get_households_by_code_visits: {
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
                        household_code: string;
                        visits: Record<string, never>[];
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
    visits_get_metrics: {
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
    visits_get_questionnaires_by_questionnaire_id_by_version: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                questionnaire_id: string;
                version: number;
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
                        description?: string;
                        id: string;
                        /** @description in order; conditions look back only */
                        questions: ({
                            id: string;
                            /** @description number questions: whole numbers */
                            integer?: boolean;
                            max?: number;
                            min?: number;
                            /** @description choice questions: option values, or {value, label} objects when they carry display labels */
                            options?: unknown[];
                            /** @description absent: false; required only when reached and asked */
                            required?: boolean;
                            /** @description the section's title (consecutive questions of a section) */
                            section?: string;
                            text: string;
                            /** @description yes_no, number, single_choice, multiple_choice, date or text */
                            type: string;
                            /** @description asked only when it holds */
                            when?: {
                                /** @description asked when that question's answer equals this (for a multiple-choice question: is among the options chosen) */
                                equals: unknown;
                                /** @description an earlier question */
                                question: string;
                            } & {
                                [key: string]: unknown;
                            };
                        } & {
                            [key: string]: unknown;
                        })[];
                        /** @description most characters (code points) a text answer may have */
                        text_max: number;
                        title: string;
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
    visits_get_requests: {
        parameters: {
            query?: {
                /** @description grid code, or any area above it */
                grid?: string | null;
                limit?: number;
                /** @description raised: only the requests raised on the visits the caller made or recorded, or by them (a volunteer's list: what they raised and how it goes) */
                mine?: "raised" | null;
                offset?: number;
                overdue?: boolean | null;
                status?: "open" | "assigned" | "resolved" | "closed" | null;
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
                        requests: ({
                            /** @description when its request handler took it on (null: not yet, or transferred since) */
                            accepted_at: string | null;
                            /** @description the account id of the handler who accepted it */
                            accepted_by: string | null;
                            /** @description code of the unit or department assigned (a request handler's) */
                            assigned_to: string | null;
                            assignee: string | null;
                            campaign_id: string | null;
                            category: string;
                            closed_at: string | null;
                            closed_by: string | null;
                            due_at: string;
                            escalation_level: number;
                            grid_code: string;
                            /** @description GET of one request only: every step in order, with its account and note */
                            history?: ({
                                /** @description raised, assigned, transferred, accepted, resolved, closed, reopened or escalated */
                                action: string;
                                /** @description account id that took the step (null: the overdue sweep, or not recorded) */
                                actor: string | null;
                                assigned_to: string | null;
                                at: string;
                                note: string | null;
                                status: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            household_code: string | null;
                            /** @description ID numbers and phones masked */
                            note: string | null;
                            overdue: boolean;
                            raised_at: string;
                            request_id: string;
                            resolved_at: string | null;
                            status: string;
                            urgency: string;
                            version: number;
                            /** @description the visit that raised it (null: raised directly) */
                            visit_id: string | null;
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
    visits_post_requests: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    category: "medical" | "supplies" | "elderly_care" | "social_security" | "housing_safety" | "other";
                    /** @description required without household_code */
                    grid_code?: string | null;
                    household_code?: string | null;
                    note?: string | null;
                    /** @enum {string} */
                    urgency?: "low" | "normal" | "high" | "critical";
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
                        /** @description when its request handler took it on (null: not yet, or transferred since) */
                        accepted_at: string | null;
                        /** @description the account id of the handler who accepted it */
                        accepted_by: string | null;
                        /** @description code of the unit or department assigned (a request handler's) */
                        assigned_to: string | null;
                        assignee: string | null;
                        campaign_id: string | null;
                        category: string;
                        closed_at: string | null;
                        closed_by: string | null;
                        due_at: string;
                        escalation_level: number;
                        grid_code: string;
                        /** @description GET of one request only: every step in order, with its account and note */
                        history?: ({
                            /** @description raised, assigned, transferred, accepted, resolved, closed, reopened or escalated */
                            action: string;
                            /** @description account id that took the step (null: the overdue sweep, or not recorded) */
                            actor: string | null;
                            assigned_to: string | null;
                            at: string;
                            note: string | null;
                            status: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                        household_code: string | null;
                        /** @description ID numbers and phones masked */
                        note: string | null;
                        overdue: boolean;
                        raised_at: string;
                        request_id: string;
                        resolved_at: string | null;
                        status: string;
                        urgency: string;
                        version: number;
                        /** @description the visit that raised it (null: raised directly) */
                        visit_id: string | null;
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
    visits_get_requests_by_request_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                request_id: string;
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
                        /** @description when its request handler took it on (null: not yet, or transferred since) */
                        accepted_at: string | null;
                        /** @description the account id of the handler who accepted it */
                        accepted_by: string | null;
                        /** @description code of the unit or department assigned (a request handler's) */
                        assigned_to: string | null;
                        assignee: string | null;
                        campaign_id: string | null;
                        category: string;
                        closed_at: string | null;
                        closed_by: string | null;
                        due_at: string;
                        escalation_level: number;
                        grid_code: string;
                        /** @description GET of one request only: every step in order, with its account and note */
                        history?: ({
                            /** @description raised, assigned, transferred, accepted, resolved, closed, reopened or escalated */
                            action: string;
                            /** @description account id that took the step (null: the overdue sweep, or not recorded) */
                            actor: string | null;
                            assigned_to: string | null;
                            at: string;
                            note: string | null;
                            status: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                        household_code: string | null;
                        /** @description ID numbers and phones masked */
                        note: string | null;
                        overdue: boolean;
                        raised_at: string;
                        request_id: string;
                        resolved_at: string | null;
                        status: string;
                        urgency: string;
                        version: number;
                        /** @description the visit that raised it (null: raised directly) */
                        visit_id: string | null;
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
    visits_post_requests_by_request_id_accept: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                request_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description kept in visits, never published */
                    note?: string | null;
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
                        /** @description when its request handler took it on (null: not yet, or transferred since) */
                        accepted_at: string | null;
                        /** @description the account id of the handler who accepted it */
                        accepted_by: string | null;
                        /** @description code of the unit or department assigned (a request handler's) */
                        assigned_to: string | null;
                        assignee: string | null;
                        campaign_id: string | null;
                        category: string;
                        closed_at: string | null;
                        closed_by: string | null;
                        due_at: string;
                        escalation_level: number;
                        grid_code: string;
                        /** @description GET of one request only: every step in order, with its account and note */
                        history?: ({
                            /** @description raised, assigned, transferred, accepted, resolved, closed, reopened or escalated */
                            action: string;
                            /** @description account id that took the step (null: the overdue sweep, or not recorded) */
                            actor: string | null;
                            assigned_to: string | null;
                            at: string;
                            note: string | null;
                            status: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                        household_code: string | null;
                        /** @description ID numbers and phones masked */
                        note: string | null;
                        overdue: boolean;
                        raised_at: string;
                        request_id: string;
                        resolved_at: string | null;
                        status: string;
                        urgency: string;
                        version: number;
                        /** @description the visit that raised it (null: raised directly) */
                        visit_id: string | null;
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
    visits_post_requests_by_request_id_assign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                request_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description a unit id, or a department as <area code>:<department> (e.g. 4401:housing) of an area on the request's grid path: its request handlers act on it */
                    assigned_to?: string | null;
                    /** @description the unit or department as named (free text) */
                    assignee?: string | null;
                    /** @description kept in visits, never published */
                    note?: string | null;
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
                        /** @description when its request handler took it on (null: not yet, or transferred since) */
                        accepted_at: string | null;
                        /** @description the account id of the handler who accepted it */
                        accepted_by: string | null;
                        /** @description code of the unit or department assigned (a request handler's) */
                        assigned_to: string | null;
                        assignee: string | null;
                        campaign_id: string | null;
                        category: string;
                        closed_at: string | null;
                        closed_by: string | null;
                        due_at: string;
                        escalation_level: number;
                        grid_code: string;
                        /** @description GET of one request only: every step in order, with its account and note */
                        history?: ({
                            /** @description raised, assigned, transferred, accepted, resolved, closed, reopened or escalated */
                            action: string;
                            /** @description account id that took the step (null: the overdue sweep, or not recorded) */
                            actor: string | null;
                            assigned_to: string | null;
                            at: string;
                            note: string | null;
                            status: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                        household_code: string | null;
                        /** @description ID numbers and phones masked */
                        note: string | null;
                        overdue: boolean;
                        raised_at: string;
                        request_id: string;
                        resolved_at: string | null;
                        status: string;
                        urgency: string;
                        version: number;
                        /** @description the visit that raised it (null: raised directly) */
                        visit_id: string | null;
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
        };
    };
    visits_post_requests_by_request_id_close: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                request_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    closed_by: "resident" | "grid_leader";
                    /** @description kept in visits, never published */
                    note?: string | null;
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
                        /** @description when its request handler took it on (null: not yet, or transferred since) */
                        accepted_at: string | null;
                        /** @description the account id of the handler who accepted it */
                        accepted_by: string | null;
                        /** @description code of the unit or department assigned (a request handler's) */
                        assigned_to: string | null;
                        assignee: string | null;
                        campaign_id: string | null;
                        category: string;
                        closed_at: string | null;
                        closed_by: string | null;
                        due_at: string;
                        escalation_level: number;
                        grid_code: string;
                        /** @description GET of one request only: every step in order, with its account and note */
                        history?: ({
                            /** @description raised, assigned, transferred, accepted, resolved, closed, reopened or escalated */
                            action: string;
                            /** @description account id that took the step (null: the overdue sweep, or not recorded) */
                            actor: string | null;
                            assigned_to: string | null;
                            at: string;
                            note: string | null;
                            status: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                        household_code: string | null;
                        /** @description ID numbers and phones masked */
                        note: string | null;
                        overdue: boolean;
                        raised_at: string;
                        request_id: string;
                        resolved_at: string | null;
                        status: string;
                        urgency: string;
                        version: number;
                        /** @description the visit that raised it (null: raised directly) */
                        visit_id: string | null;
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
        };
    };
    visits_post_requests_by_request_id_reopen: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                request_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description kept in visits, never published */
                    note?: string | null;
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
                        /** @description when its request handler took it on (null: not yet, or transferred since) */
                        accepted_at: string | null;
                        /** @description the account id of the handler who accepted it */
                        accepted_by: string | null;
                        /** @description code of the unit or department assigned (a request handler's) */
                        assigned_to: string | null;
                        assignee: string | null;
                        campaign_id: string | null;
                        category: string;
                        closed_at: string | null;
                        closed_by: string | null;
                        due_at: string;
                        escalation_level: number;
                        grid_code: string;
                        /** @description GET of one request only: every step in order, with its account and note */
                        history?: ({
                            /** @description raised, assigned, transferred, accepted, resolved, closed, reopened or escalated */
                            action: string;
                            /** @description account id that took the step (null: the overdue sweep, or not recorded) */
                            actor: string | null;
                            assigned_to: string | null;
                            at: string;
                            note: string | null;
                            status: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                        household_code: string | null;
                        /** @description ID numbers and phones masked */
                        note: string | null;
                        overdue: boolean;
                        raised_at: string;
                        request_id: string;
                        resolved_at: string | null;
                        status: string;
                        urgency: string;
                        version: number;
                        /** @description the visit that raised it (null: raised directly) */
                        visit_id: string | null;
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
        };
    };
    visits_post_requests_by_request_id_resolve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                request_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description kept in visits, never published */
                    note?: string | null;
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
                        /** @description when its request handler took it on (null: not yet, or transferred since) */
                        accepted_at: string | null;
                        /** @description the account id of the handler who accepted it */
                        accepted_by: string | null;
                        /** @description code of the unit or department assigned (a request handler's) */
                        assigned_to: string | null;
                        assignee: string | null;
                        campaign_id: string | null;
                        category: string;
                        closed_at: string | null;
                        closed_by: string | null;
                        due_at: string;
                        escalation_level: number;
                        grid_code: string;
                        /** @description GET of one request only: every step in order, with its account and note */
                        history?: ({
                            /** @description raised, assigned, transferred, accepted, resolved, closed, reopened or escalated */
                            action: string;
                            /** @description account id that took the step (null: the overdue sweep, or not recorded) */
                            actor: string | null;
                            assigned_to: string | null;
                            at: string;
                            note: string | null;
                            status: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                        household_code: string | null;
                        /** @description ID numbers and phones masked */
                        note: string | null;
                        overdue: boolean;
                        raised_at: string;
                        request_id: string;
                        resolved_at: string | null;
                        status: string;
                        urgency: string;
                        version: number;
                        /** @description the visit that raised it (null: raised directly) */
                        visit_id: string | null;
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
        };
    };
    visits_get_shifts_by_key_tasks: {
        parameters: {
            query?: {
                campaign_id?: string | null;
                volunteer_id?: string | null;
            };
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
                        /** @description campaign id → its title and questionnaire, for every campaign of the households listed */
                        campaigns: {
                            [key: string]: {
                                /** @description not-home visits before the household goes to follow-up */
                                max_attempts: number;
                                /** @description GET /questionnaires/<id>/<version> answers its definition */
                                questionnaire_id: string;
                                questionnaire_version: number;
                                title: string;
                            } & {
                                [key: string]: unknown;
                            };
                        };
                        /** Format: date */
                        day: string;
                        grid_code: string | null;
                        half: string;
                        shift_key: string;
                        status: string;
                        volunteers: ({
                            /** @description tasks still open */
                            open: number;
                            /** @description in walking order: building by building, then address */
                            tasks: ({
                                address: string | null;
                                attempts: number | null;
                                building_code: string | null;
                                building_name: string | null;
                                campaign_id: string;
                                household_code: string;
                                /** @description residence, rental, shop or enterprise */
                                kind: string | null;
                                /** @description the people registered there, names masked (never in clear: a reveal is the registry's, audited) */
                                residents: ({
                                    /** @description masked as the registry publishes it (李*明); null until the registry's next event about a resident copied before issue 14 */
                                    name_masked: string | null;
                                    resident_id: number;
                                    /** @description codes of services/common/vocab.py (elderly_alone, disabled, key_person…) */
                                    tags: string[];
                                } & {
                                    [key: string]: unknown;
                                })[];
                                /** @description the household's state in the campaign */
                                state: string | null;
                                /** @description open, done or released */
                                status: string;
                                visit_id: string | null;
                            } & {
                                [key: string]: unknown;
                            })[];
                            volunteer_id: string;
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
    visits_post_visits: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description question id → answer */
                    answers?: Record<string, never>;
                    campaign_id: string;
                    corrections?: {
                        /** @enum {string|null} */
                        gender?: "male" | "female" | null;
                        /** @description new_resident only; sealed on arrival */
                        id_number?: string | null;
                        /** @enum {string} */
                        kind: "new_resident" | "moved_out" | "tags_changed" | "status_changed";
                        /** Format: date */
                        moved_on?: string | null;
                        name?: string | null;
                        /** @description the registry's id; not for new_resident */
                        resident_id?: number | null;
                        /** @description registry status fields to set */
                        status?: Record<string, never>;
                        tags_add?: string[];
                        tags_remove?: string[];
                    }[];
                    hazards?: {
                        /** @enum {string} */
                        kind: "water" | "electricity" | "gas" | "fire" | "structure" | "other";
                        note?: string | null;
                        /** @enum {string} */
                        severity?: "low" | "medium" | "high";
                    }[];
                    household_code: string;
                    /** @enum {string} */
                    method?: "in_person" | "phone" | "video";
                    /** @enum {string} */
                    outcome: "reached" | "not_home" | "refused" | "vacant";
                    people_found?: number | null;
                    questionnaire_version?: number | null;
                    requests?: {
                        /** @enum {string} */
                        category: "medical" | "supplies" | "elderly_care" | "social_security" | "housing_safety" | "other";
                        note?: string | null;
                        /** @enum {string} */
                        urgency?: "low" | "normal" | "high" | "critical";
                    }[];
                    /** @description required for in-person visits */
                    shift_key?: string | null;
                    /** @description generated by the phone; the same visit sent twice is recorded once */
                    visit_id: string;
                    /**
                     * Format: date-time
                     * @description when it happened, not when it was sent
                     */
                    visited_at: string;
                    /** @description the volunteer's id in dispatch */
                    visitor_id: string;
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
                        /** @description ID numbers and phones masked */
                        answers: Record<string, never> | null;
                        attempt: number | null;
                        campaign_id: string;
                        /** Format: date */
                        day: string;
                        grid_code: string;
                        household_code: string;
                        method: string;
                        outcome: string;
                        people_found: number | null;
                        people_registered: number | null;
                        /** @description account id that captured it (null: through the broker) */
                        recorded_by: string | null;
                        shift_key: string | null;
                        visit_id: string;
                        visited_at: string;
                        visitor_id: string;
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
                        /** @description ID numbers and phones masked */
                        answers: Record<string, never> | null;
                        attempt: number | null;
                        campaign_id: string;
                        /** Format: date */
                        day: string;
                        grid_code: string;
                        household_code: string;
                        method: string;
                        outcome: string;
                        people_found: number | null;
                        people_registered: number | null;
                        /** @description account id that captured it (null: through the broker) */
                        recorded_by: string | null;
                        shift_key: string | null;
                        visit_id: string;
                        visited_at: string;
                        visitor_id: string;
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
    visits_get_visits_by_visit_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                visit_id: string;
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
                        /** @description ID numbers and phones masked */
                        answers: Record<string, never> | null;
                        attempt: number | null;
                        campaign_id: string;
                        /** Format: date */
                        day: string;
                        grid_code: string;
                        household_code: string;
                        method: string;
                        outcome: string;
                        people_found: number | null;
                        people_registered: number | null;
                        /** @description account id that captured it (null: through the broker) */
                        recorded_by: string | null;
                        shift_key: string | null;
                        visit_id: string;
                        visited_at: string;
                        visitor_id: string;
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
    visits_get_volunteers_by_volunteer_id_tasks: {
        parameters: {
            query?: {
                campaign_id?: string | null;
                /** @description most shifts answered */
                limit?: number;
                /** @description first day (default: today, local) */
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
                        /** @description campaign id → its title and questionnaire, for every campaign of the households listed */
                        campaigns: {
                            [key: string]: {
                                /** @description not-home visits before the household goes to follow-up */
                                max_attempts: number;
                                /** @description GET /questionnaires/<id>/<version> answers its definition */
                                questionnaire_id: string;
                                questionnaire_version: number;
                                title: string;
                            } & {
                                [key: string]: unknown;
                            };
                        };
                        /** @description the volunteer's shifts from the day asked, each with only their own tasks */
                        shifts: ({
                            /** @description campaign id → its title and questionnaire, for every campaign of the households listed */
                            campaigns: {
                                [key: string]: {
                                    /** @description not-home visits before the household goes to follow-up */
                                    max_attempts: number;
                                    /** @description GET /questionnaires/<id>/<version> answers its definition */
                                    questionnaire_id: string;
                                    questionnaire_version: number;
                                    title: string;
                                } & {
                                    [key: string]: unknown;
                                };
                            };
                            /** Format: date */
                            day: string;
                            grid_code: string | null;
                            half: string;
                            shift_key: string;
                            status: string;
                            volunteers: ({
                                /** @description tasks still open */
                                open: number;
                                /** @description in walking order: building by building, then address */
                                tasks: ({
                                    address: string | null;
                                    attempts: number | null;
                                    building_code: string | null;
                                    building_name: string | null;
                                    campaign_id: string;
                                    household_code: string;
                                    /** @description residence, rental, shop or enterprise */
                                    kind: string | null;
                                    /** @description the people registered there, names masked (never in clear: a reveal is the registry's, audited) */
                                    residents: ({
                                        /** @description masked as the registry publishes it (李*明); null until the registry's next event about a resident copied before issue 14 */
                                        name_masked: string | null;
                                        resident_id: number;
                                        /** @description codes of services/common/vocab.py (elderly_alone, disabled, key_person…) */
                                        tags: string[];
                                    } & {
                                        [key: string]: unknown;
                                    })[];
                                    /** @description the household's state in the campaign */
                                    state: string | null;
                                    /** @description open, done or released */
                                    status: string;
                                    visit_id: string | null;
                                } & {
                                    [key: string]: unknown;
                                })[];
                                volunteer_id: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                        } & {
                            [key: string]: unknown;
                        })[];
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
        };
    };
}
