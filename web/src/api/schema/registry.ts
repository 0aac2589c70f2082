// Generated from docs/openapi/registry.json by scripts/gen-api.mjs: do not edit.
export interface paths {
    "/areas": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a city, district, street, community or grid */
        post: operations["registry_post_areas"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/areas/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One area with its path */
        get: operations["registry_get_areas_by_code"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename an area or change its leader */
        patch: operations["registry_patch_areas_by_code"];
        trace?: never;
    };
    "/areas/{code}/children": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An area and the areas directly under it */
        get: operations["registry_get_areas_by_code_children"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/buildings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a building in a grid */
        post: operations["registry_post_buildings"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/buildings/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One building */
        get: operations["registry_get_buildings_by_code"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename a building */
        patch: operations["registry_patch_buildings_by_code"];
        trace?: never;
    };
    "/grids/{code}/buildings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A grid's buildings with household counts */
        get: operations["registry_get_grids_by_code_buildings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/grids/{code}/households": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A grid's households with resident and tag counts, and the grid's totals */
        get: operations["registry_get_grids_by_code_households"];
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
        get: operations["registry_get_health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/households": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a household at an address in a building */
        post: operations["registry_post_households"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/households/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One household with its residents */
        get: operations["registry_get_households_by_code"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a household's kind or address */
        patch: operations["registry_patch_households_by_code"];
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
        get: operations["registry_get_metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/residents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search residents by place, tags and statuses, paged */
        get: operations["registry_get_residents"];
        put?: never;
        /** Register a resident; an ID number already registered returns that resident unchanged (200), or 409 when they live outside the caller's scope */
        post: operations["registry_post_residents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/residents/{resident_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One resident, name, phone and ID number masked; ?reveal=name,phone answers those in clear (read_sensitive, audited) */
        get: operations["registry_get_residents_by_resident_id"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a resident's details, tags or statuses */
        patch: operations["registry_patch_residents_by_resident_id"];
        trace?: never;
    };
    "/residents/{resident_id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A resident's moves and change trail */
        get: operations["registry_get_residents_by_resident_id_history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/residents/{resident_id}/move": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move a resident to a household, or out of the area (null); 200 when already there */
        post: operations["registry_post_residents_by_resident_id_move"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/residents/lookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Find a resident by ID number (kept out of URLs) */
        post: operations["registry_post_residents_lookup"];
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
    registry_post_areas: {
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
                    leader_name?: string | null;
                    /** @enum {string} */
                    level: "city" | "district" | "street" | "community" | "grid";
                    name: string;
                    parent_code?: string | null;
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
                        area_id: number;
                        code: string;
                        leader_name: string | null;
                        /** @enum {string} */
                        level: "city" | "district" | "street" | "community" | "grid";
                        name: string;
                        parent_code: string | null;
                        /** @description area codes from the city down to this area */
                        path: string[];
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
    registry_get_areas_by_code: {
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
                        area_id: number;
                        code: string;
                        leader_name: string | null;
                        /** @enum {string} */
                        level: "city" | "district" | "street" | "community" | "grid";
                        name: string;
                        parent_code: string | null;
                        /** @description area codes from the city down to this area */
                        path: string[];
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
    registry_patch_areas_by_code: {
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
                    leader_name?: string | null;
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
                        area_id: number;
                        code: string;
                        leader_name: string | null;
                        /** @enum {string} */
                        level: "city" | "district" | "street" | "community" | "grid";
                        name: string;
                        parent_code: string | null;
                        /** @description area codes from the city down to this area */
                        path: string[];
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
    registry_get_areas_by_code_children: {
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
                        area: {
                            area_id: number;
                            code: string;
                            leader_name: string | null;
                            /** @enum {string} */
                            level: "city" | "district" | "street" | "community" | "grid";
                            name: string;
                            parent_code: string | null;
                            /** @description area codes from the city down to this area */
                            path: string[];
                            version: number;
                        } & {
                            [key: string]: unknown;
                        };
                        children: ({
                            area_id: number;
                            code: string;
                            leader_name: string | null;
                            /** @enum {string} */
                            level: "city" | "district" | "street" | "community" | "grid";
                            name: string;
                            parent_code: string | null;
                            /** @description area codes from the city down to this area */
                            path: string[];
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
    registry_post_buildings: {
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
                    grid_code: string;
                    name: string;
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
                        building_id: number;
                        code: string;
                        grid_code: string;
                        name: string;
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
    registry_get_buildings_by_code: {
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
                        building_id: number;
                        code: string;
                        grid_code: string;
                        name: string;
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
    registry_patch_buildings_by_code: {
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
                        building_id: number;
                        code: string;
                        grid_code: string;
                        name: string;
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
    registry_get_grids_by_code_buildings: {
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
                        buildings: ({
                            building_id: number;
                            code: string;
                            grid_code: string;
                            households: number;
                            name: string;
                            version: number;
                        } & {
                            [key: string]: unknown;
                        })[];
                        grid_code: string;
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
    registry_get_grids_by_code_households: {
        parameters: {
            query?: {
                /** @description building code */
                building?: string;
                kind?: "residence" | "rental" | "shop" | "enterprise";
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
                        grid: {
                            area_id: number;
                            code: string;
                            leader_name: string | null;
                            /** @enum {string} */
                            level: "city" | "district" | "street" | "community" | "grid";
                            name: string;
                            parent_code: string | null;
                            /** @description area codes from the city down to this area */
                            path: string[];
                            version: number;
                        } & {
                            [key: string]: unknown;
                        };
                        households: ({
                            address: string;
                            building_code: string;
                            code: string;
                            grid_code: string;
                            household_id: number;
                            /** @enum {string} */
                            kind: "residence" | "rental" | "shop" | "enterprise";
                            residents: number;
                            /** @description tag → residents */
                            tag_counts: Record<string, never>;
                            version: number;
                        } & {
                            [key: string]: unknown;
                        })[];
                        totals: Record<string, never>;
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
    registry_get_health: {
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
    registry_post_households: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    address: string;
                    building_code: string;
                    code: string;
                    /** @enum {string} */
                    kind: "residence" | "rental" | "shop" | "enterprise";
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
                        address: string;
                        building_code: string;
                        code: string;
                        grid_code: string;
                        household_id: number;
                        /** @enum {string} */
                        kind: "residence" | "rental" | "shop" | "enterprise";
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
    registry_get_households_by_code: {
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
                        address: string;
                        building_code: string;
                        code: string;
                        grid_code: string;
                        household_id: number;
                        /** @enum {string} */
                        kind: "residence" | "rental" | "shop" | "enterprise";
                        residents: ({
                            address: string | null;
                            birth_year: number | null;
                            gender: string | null;
                            grid_code: string | null;
                            household_code: string | null;
                            household_id: number | null;
                            id_masked: string;
                            /** @description only with ?reveal=name (audited) */
                            name?: string;
                            name_masked: string;
                            /** @description only with ?reveal=phone (audited) */
                            phone?: string | null;
                            phone_masked: string | null;
                            resident_id: number;
                            status: {
                                /** Format: date */
                                latest_test_date: string | null;
                                /** @enum {string|null} */
                                latest_test_result: "negative" | "positive" | "pending" | null;
                                recent_travel: string | null;
                                registration_code_applied: boolean;
                                /** Format: date */
                                returned_on: string | null;
                                /** @enum {string} */
                                vaccination: "none" | "partial" | "full" | "booster";
                            } & {
                                [key: string]: unknown;
                            };
                            tags: string[];
                            updated_at: string | null;
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
    registry_patch_households_by_code: {
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
                    address?: string;
                    /** @enum {string} */
                    kind?: "residence" | "rental" | "shop" | "enterprise";
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
                        address: string;
                        building_code: string;
                        code: string;
                        grid_code: string;
                        household_id: number;
                        /** @enum {string} */
                        kind: "residence" | "rental" | "shop" | "enterprise";
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
    registry_get_metrics: {
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
    registry_get_residents: {
        parameters: {
            query?: {
                /** @description any area code: its whole subtree */
                area?: string;
                /** @description grid code */
                grid?: string;
                /** @description household code */
                household?: string;
                limit?: number;
                /** @description true: only those moved out of the area; false: only those living here */
                moved_out?: boolean;
                offset?: number;
                registration_code_applied?: boolean;
                /** @description returned_on on or after this day */
                returned_since?: string;
                /** @description repeat for several; all must match */
                tag?: ("elderly_alone" | "disabled" | "child_in_need" | "key_person" | "returnee" | "pregnant" | "chronic_illness" | "veteran" | "low_income")[];
                test_result?: "negative" | "positive" | "pending";
                /** @description last test before this day, or none */
                tested_before?: string;
                vaccination?: "none" | "partial" | "full" | "booster";
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
                        items: ({
                            address: string | null;
                            birth_year: number | null;
                            gender: string | null;
                            grid_code: string | null;
                            household_code: string | null;
                            household_id: number | null;
                            id_masked: string;
                            /** @description only with ?reveal=name (audited) */
                            name?: string;
                            name_masked: string;
                            /** @description only with ?reveal=phone (audited) */
                            phone?: string | null;
                            phone_masked: string | null;
                            resident_id: number;
                            status: {
                                /** Format: date */
                                latest_test_date: string | null;
                                /** @enum {string|null} */
                                latest_test_result: "negative" | "positive" | "pending" | null;
                                recent_travel: string | null;
                                registration_code_applied: boolean;
                                /** Format: date */
                                returned_on: string | null;
                                /** @enum {string} */
                                vaccination: "none" | "partial" | "full" | "booster";
                            } & {
                                [key: string]: unknown;
                            };
                            tags: string[];
                            updated_at: string | null;
                            version: number;
                        } & {
                            [key: string]: unknown;
                        })[];
                        limit: number;
                        offset: number;
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
    registry_post_residents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description default: read from the ID number */
                    birth_year?: number | null;
                    /**
                     * @description default: read from the ID number
                     * @enum {string|null}
                     */
                    gender?: "male" | "female" | null;
                    household_code: string;
                    /** @description matched by keyed hash, never stored or returned in clear */
                    id_number: string;
                    name: string;
                    phone?: string | null;
                    status?: {
                        /** Format: date */
                        latest_test_date?: string | null;
                        /** @enum {string|null} */
                        latest_test_result?: "negative" | "positive" | "pending" | null;
                        recent_travel?: string | null;
                        registration_code_applied?: boolean;
                        /** Format: date */
                        returned_on?: string | null;
                        /** @enum {string} */
                        vaccination?: "none" | "partial" | "full" | "booster";
                    };
                    tags?: ("elderly_alone" | "disabled" | "child_in_need" | "key_person" | "returnee" | "pregnant" | "chronic_illness" | "veteran" | "low_income")[];
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
                        address: string | null;
                        birth_year: number | null;
                        gender: string | null;
                        grid_code: string | null;
                        household_code: string | null;
                        household_id: number | null;
                        id_masked: string;
                        /** @description only with ?reveal=name (audited) */
                        name?: string;
                        name_masked: string;
                        /** @description only with ?reveal=phone (audited) */
                        phone?: string | null;
                        phone_masked: string | null;
                        resident_id: number;
                        status: {
                            /** Format: date */
                            latest_test_date: string | null;
                            /** @enum {string|null} */
                            latest_test_result: "negative" | "positive" | "pending" | null;
                            recent_travel: string | null;
                            registration_code_applied: boolean;
                            /** Format: date */
                            returned_on: string | null;
                            /** @enum {string} */
                            vaccination: "none" | "partial" | "full" | "booster";
                        } & {
                            [key: string]: unknown;
                        };
                        tags: string[];
                        updated_at: string | null;
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
                        address: string | null;
                        birth_year: number | null;
                        gender: string | null;
                        grid_code: string | null;
                        household_code: string | null;
                        household_id: number | null;
                        id_masked: string;
                        /** @description only with ?reveal=name (audited) */
                        name?: string;
                        name_masked: string;
                        /** @description only with ?reveal=phone (audited) */
                        phone?: string | null;
                        phone_masked: string | null;
                        resident_id: number;
                        status: {
                            /** Format: date */
                            latest_test_date: string | null;
                            /** @enum {string|null} */
                            latest_test_result: "negative" | "positive" | "pending" | null;
                            recent_travel: string | null;
                            registration_code_applied: boolean;
                            /** Format: date */
                            returned_on: string | null;
                            /** @enum {string} */
                            vaccination: "none" | "partial" | "full" | "booster";
                        } & {
                            [key: string]: unknown;
                        };
                        tags: string[];
                        updated_at: string | null;
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
    registry_get_residents_by_resident_id: {
        parameters: {
            query?: {
                /** @description name or phone: answer it in clear (needs read_sensitive; every such read is written to the audit log). Repeat or comma-separate. */
                reveal?: string[];
            };
            header?: never;
            path: {
                resident_id: number;
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
                        address: string | null;
                        birth_year: number | null;
                        gender: string | null;
                        grid_code: string | null;
                        household_code: string | null;
                        household_id: number | null;
                        id_masked: string;
                        /** @description only with ?reveal=name (audited) */
                        name?: string;
                        name_masked: string;
                        /** @description only with ?reveal=phone (audited) */
                        phone?: string | null;
                        phone_masked: string | null;
                        resident_id: number;
                        status: {
                            /** Format: date */
                            latest_test_date: string | null;
                            /** @enum {string|null} */
                            latest_test_result: "negative" | "positive" | "pending" | null;
                            recent_travel: string | null;
                            registration_code_applied: boolean;
                            /** Format: date */
                            returned_on: string | null;
                            /** @enum {string} */
                            vaccination: "none" | "partial" | "full" | "booster";
                        } & {
                            [key: string]: unknown;
                        };
                        tags: string[];
                        updated_at: string | null;
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
        };
    };
    registry_patch_residents_by_resident_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                resident_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    birth_year?: number | null;
                    /** @enum {string|null} */
                    gender?: "male" | "female" | null;
                    household_code?: unknown;
                    name?: string;
                    phone?: string | null;
                    status?: {
                        /** Format: date */
                        latest_test_date?: string | null;
                        /** @enum {string|null} */
                        latest_test_result?: "negative" | "positive" | "pending" | null;
                        recent_travel?: string | null;
                        registration_code_applied?: boolean;
                        /** Format: date */
                        returned_on?: string | null;
                        /** @enum {string} */
                        vaccination?: "none" | "partial" | "full" | "booster";
                    };
                    tags?: ("elderly_alone" | "disabled" | "child_in_need" | "key_person" | "returnee" | "pregnant" | "chronic_illness" | "veteran" | "low_income")[];
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
                        address: string | null;
                        birth_year: number | null;
                        gender: string | null;
                        grid_code: string | null;
                        household_code: string | null;
                        household_id: number | null;
                        id_masked: string;
                        /** @description only with ?reveal=name (audited) */
                        name?: string;
                        name_masked: string;
                        /** @description only with ?reveal=phone (audited) */
                        phone?: string | null;
                        phone_masked: string | null;
                        resident_id: number;
                        status: {
                            /** Format: date */
                            latest_test_date: string | null;
                            /** @enum {string|null} */
                            latest_test_result: "negative" | "positive" | "pending" | null;
                            recent_travel: string | null;
                            registration_code_applied: boolean;
                            /** Format: date */
                            returned_on: string | null;
                            /** @enum {string} */
                            vaccination: "none" | "partial" | "full" | "booster";
                        } & {
                            [key: string]: unknown;
                        };
                        tags: string[];
                        updated_at: string | null;
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
    registry_get_residents_by_resident_id_history: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                resident_id: number;
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
                            /** @description the account id that made it over HTTP (null: an import, an event, a visit's correction) */
                            actor: string | null;
                            cause: string | null;
                            changes: Record<string, never>;
                            recorded_at: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                        moves: ({
                            /** @description the account id that made it over HTTP (null: an import, an event, a visit's correction) */
                            actor: string | null;
                            cause: string | null;
                            from: ({
                                address: string;
                                grid_code: string | null;
                                household_code: string;
                                household_id: number;
                            } & {
                                [key: string]: unknown;
                            }) | null;
                            /** Format: date */
                            moved_on: string;
                            reason: string | null;
                            recorded_at: string;
                            to: ({
                                address: string;
                                grid_code: string | null;
                                household_code: string;
                                household_id: number;
                            } & {
                                [key: string]: unknown;
                            }) | null;
                        } & {
                            [key: string]: unknown;
                        })[];
                        resident: {
                            address: string | null;
                            birth_year: number | null;
                            gender: string | null;
                            grid_code: string | null;
                            household_code: string | null;
                            household_id: number | null;
                            id_masked: string;
                            /** @description only with ?reveal=name (audited) */
                            name?: string;
                            name_masked: string;
                            /** @description only with ?reveal=phone (audited) */
                            phone?: string | null;
                            phone_masked: string | null;
                            resident_id: number;
                            status: {
                                /** Format: date */
                                latest_test_date: string | null;
                                /** @enum {string|null} */
                                latest_test_result: "negative" | "positive" | "pending" | null;
                                recent_travel: string | null;
                                registration_code_applied: boolean;
                                /** Format: date */
                                returned_on: string | null;
                                /** @enum {string} */
                                vaccination: "none" | "partial" | "full" | "booster";
                            } & {
                                [key: string]: unknown;
                            };
                            tags: string[];
                            updated_at: string | null;
                            version: number;
                        } & {
                            [key: string]: unknown;
                        };
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
    registry_post_residents_by_resident_id_move: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                resident_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: date */
                    moved_on: string;
                    reason?: string | null;
                    /** @description null: moved out of the area */
                    to_household_code: string | null;
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
                        move: ({
                            /** @description the account id that made it over HTTP (null: an import, an event, a visit's correction) */
                            actor: string | null;
                            cause: string | null;
                            from: ({
                                address: string;
                                grid_code: string | null;
                                household_code: string;
                                household_id: number;
                            } & {
                                [key: string]: unknown;
                            }) | null;
                            /** Format: date */
                            moved_on: string;
                            reason: string | null;
                            recorded_at: string;
                            to: ({
                                address: string;
                                grid_code: string | null;
                                household_code: string;
                                household_id: number;
                            } & {
                                [key: string]: unknown;
                            }) | null;
                        } & {
                            [key: string]: unknown;
                        }) | null;
                        moved: boolean;
                        resident: {
                            address: string | null;
                            birth_year: number | null;
                            gender: string | null;
                            grid_code: string | null;
                            household_code: string | null;
                            household_id: number | null;
                            id_masked: string;
                            /** @description only with ?reveal=name (audited) */
                            name?: string;
                            name_masked: string;
                            /** @description only with ?reveal=phone (audited) */
                            phone?: string | null;
                            phone_masked: string | null;
                            resident_id: number;
                            status: {
                                /** Format: date */
                                latest_test_date: string | null;
                                /** @enum {string|null} */
                                latest_test_result: "negative" | "positive" | "pending" | null;
                                recent_travel: string | null;
                                registration_code_applied: boolean;
                                /** Format: date */
                                returned_on: string | null;
                                /** @enum {string} */
                                vaccination: "none" | "partial" | "full" | "booster";
                            } & {
                                [key: string]: unknown;
                            };
                            tags: string[];
                            updated_at: string | null;
                            version: number;
                        } & {
                            [key: string]: unknown;
                        };
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
                        move: ({
                            /** @description the account id that made it over HTTP (null: an import, an event, a visit's correction) */
                            actor: string | null;
                            cause: string | null;
                            from: ({
                                address: string;
                                grid_code: string | null;
                                household_code: string;
                                household_id: number;
                            } & {
                                [key: string]: unknown;
                            }) | null;
                            /** Format: date */
                            moved_on: string;
                            reason: string | null;
                            recorded_at: string;
                            to: ({
                                address: string;
                                grid_code: string | null;
                                household_code: string;
                                household_id: number;
                            } & {
                                [key: string]: unknown;
                            }) | null;
                        } & {
                            [key: string]: unknown;
                        }) | null;
                        moved: boolean;
                        resident: {
                            address: string | null;
                            birth_year: number | null;
                            gender: string | null;
                            grid_code: string | null;
                            household_code: string | null;
                            household_id: number | null;
                            id_masked: string;
                            /** @description only with ?reveal=name (audited) */
                            name?: string;
                            name_masked: string;
                            /** @description only with ?reveal=phone (audited) */
                            phone?: string | null;
                            phone_masked: string | null;
                            resident_id: number;
                            status: {
                                /** Format: date */
                                latest_test_date: string | null;
                                /** @enum {string|null} */
                                latest_test_result: "negative" | "positive" | "pending" | null;
                                recent_travel: string | null;
                                registration_code_applied: boolean;
                                /** Format: date */
                                returned_on: string | null;
                                /** @enum {string} */
                                vaccination: "none" | "partial" | "full" | "booster";
                            } & {
                                [key: string]: unknown;
                            };
                            tags: string[];
                            updated_at: string | null;
                            version: number;
                        } & {
                            [key: string]: unknown;
                        };
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
    registry_post_residents_lookup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    id_number: string;
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
                        address: string | null;
                        birth_year: number | null;
                        gender: string | null;
                        grid_code: string | null;
                        household_code: string | null;
                        household_id: number | null;
                        id_masked: string;
                        /** @description only with ?reveal=name (audited) */
                        name?: string;
                        name_masked: string;
                        /** @description only with ?reveal=phone (audited) */
                        phone?: string | null;
                        phone_masked: string | null;
                        resident_id: number;
                        status: {
                            /** Format: date */
                            latest_test_date: string | null;
                            /** @enum {string|null} */
                            latest_test_result: "negative" | "positive" | "pending" | null;
                            recent_travel: string | null;
                            registration_code_applied: boolean;
                            /** Format: date */
                            returned_on: string | null;
                            /** @enum {string} */
                            vaccination: "none" | "partial" | "full" | "booster";
                        } & {
                            [key: string]: unknown;
                        };
                        tags: string[];
                        updated_at: string | null;
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
}
