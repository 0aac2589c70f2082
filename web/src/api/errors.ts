// The services answer every refusal as {"error": message, "errors": {field: [reasons]}}.
export interface ErrorBody {
  error?: string
  errors?: Record<string, unknown>
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: Record<string, string[]> = {},
  ) {
    super(message)
  }

  /** The reasons given for one field (or nested path "a.b"), flattened to strings. */
  reasons(field: string): string[] {
    return this.fields[field] ?? []
  }
}

/** No answer at all (offline, DNS, connection reset): the request may or may not have
 *  reached the service, so what was sent must be resent with the same client id. */
export class NetworkError extends Error {}

function flatten(errors: unknown, prefix: string, out: Record<string, string[]>): void {
  if (Array.isArray(errors)) {
    for (const item of errors) {
      if (typeof item === 'string') (out[prefix || '_schema'] ??= []).push(item)
      else flatten(item, prefix, out)
    }
  } else if (errors && typeof errors === 'object') {
    for (const [key, value] of Object.entries(errors)) {
      flatten(value, prefix ? `${prefix}.${key}` : key, out)
    }
  } else if (typeof errors === 'string') {
    ;(out[prefix || '_schema'] ??= []).push(errors)
  }
}

export function apiError(status: number, body: unknown): ApiError {
  const b = (body ?? {}) as ErrorBody
  const fields: Record<string, string[]> = {}
  flatten(b.errors ?? {}, '', fields)
  return new ApiError(status, b.error ?? `HTTP ${status}`, fields)
}
