// The device's store of what the field app must keep working without a network.
// Implemented in ./outbox.ts and ./cache.ts (IndexedDB, ./db.ts), ./sw.ts (the service
// worker) and ./sw-register.ts.

/** One visit captured on this device, kept until the visits service took or refused it. */
export interface PendingVisit {
  /** the visit's client_visit_id: the visits service counts it once however often sent */
  client_visit_id: string
  /** the account that captured it: it is sent only in that person's session */
  person_id: string
  campaign_id: string
  household_code: string
  /** the body of POST /visits/visits exactly as it will be sent */
  payload: Record<string, unknown>
  state: 'pending' | 'sending' | 'sent' | 'refused'
  /** a refused visit: the service's message and its reasons per field */
  refusal?: { status: number; message: string; fields: Record<string, string[]> }
  captured_at: string
  sent_at?: string
  /** how many times it was posted (a resend after a lost answer counts too) */
  attempts: number
  /** not sent again before this time (back-off after 5xx or no network) */
  next_try_at?: string
  /** why the last try did not get through (no network, 503 …), for the outbox screen */
  last_problem?: string
}

/** A read kept for offline use: what the service last answered and when. */
export interface Cached<T> {
  data: T
  fetched_at: string
  /** true when the network failed and this is the device's copy */
  from_device: boolean
}
