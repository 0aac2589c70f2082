// Calls to routes agreed with their service's owner but not yet in its published OpenAPI
// document (src/api/schema is generated from docs/openapi): the same client, session
// and error handling, typed by the caller instead of the schema. Once the route is
// published, a call can move to the typed client unchanged.
import type { Client } from 'openapi-fetch'

interface Init {
  params?: { path?: Record<string, string>; query?: Record<string, string | number | boolean | undefined> }
  body?: unknown
}
type Call = (path: string, init?: Init) => Promise<{ data?: unknown; error?: unknown; response: Response }>

export interface LooseClient {
  GET: Call
  POST: Call
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any service's client
export function loose(client: Client<any>): LooseClient {
  const c = client as unknown as LooseClient
  return { GET: (path, init) => c.GET.call(client, path, init), POST: (path, init) => c.POST.call(client, path, init) }
}
