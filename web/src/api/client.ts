// One client per service, typed from docs/openapi (src/api/schema, generated), all through
// the gateway's prefixes on this origin. Every call carries the session's access token;
// a 401 refreshes the session once and retries.
import createClient, { type Client, type Middleware } from 'openapi-fetch'
import type { paths as AccountsPaths } from './schema/accounts'
import type { paths as DispatchPaths } from './schema/dispatch'
import type { paths as RegistryPaths } from './schema/registry'
import type { paths as ReportingPaths } from './schema/reporting'
import type { paths as VisitsPaths } from './schema/visits'
import { apiError, NetworkError } from './errors'
import { accessToken, person, refreshSession } from '@/auth/session'

const RETRIED = 'x-wangge-retried'

const auth: Middleware = {
  async onRequest({ request }) {
    let token = accessToken()
    if (!token && person.value && !request.headers.has('Authorization')) {
      // after a reload (or 10 minutes) the memory holds no token: get one first rather
      // than let the service answer 401 (the console shows every refused request)
      try {
        if (await refreshSession()) token = accessToken()
      } catch {
        // offline: the call itself fails as a NetworkError and the caller keeps its copy
      }
    }
    if (token && !request.headers.has('Authorization')) {
      request.headers.set('Authorization', `Bearer ${token}`)
    }
    return request
  },
}

async function send(request: Request): Promise<Response> {
  try {
    return await fetch(request)
  } catch (exc) {
    throw new NetworkError(String(exc))
  }
}

/** fetch with one refresh-and-retry on 401; throws NetworkError when nothing answered. */
async function fetchWithSession(input: Request): Promise<Response> {
  const retry = input.clone()
  const response = await send(input)
  if (response.status !== 401 || retry.headers.has(RETRIED)) return response
  if (!(await refreshSession())) return response
  retry.headers.set('Authorization', `Bearer ${accessToken()}`)
  retry.headers.set(RETRIED, '1')
  return send(retry)
}

function client<P extends {}>(prefix: string): Client<P> {
  const c = createClient<P>({ baseUrl: `${location.origin}/${prefix}`, fetch: fetchWithSession })
  c.use(auth)
  return c
}

export const accounts = client<AccountsPaths>('accounts')
export const dispatch = client<DispatchPaths>('dispatch')
export const registry = client<RegistryPaths>('registry')
export const reporting = client<ReportingPaths>('reporting')
export const visits = client<VisitsPaths>('visits')

/** The answer's data, or an ApiError carrying the service's reasons. */
export async function must<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call
  if (!response.ok || data === undefined) throw apiError(response.status, error)
  return data
}
