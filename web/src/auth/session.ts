// The signed-in session. The access token lives only in memory; the refresh token is an
// httpOnly, SameSite=Strict cookie scoped to /accounts/sessions that scripts cannot read,
// and refreshing or revoking it needs the X-CSRF-Token header echoing the readable
// wg_csrf cookie (double submit: another site can neither read the cookie nor set the
// header). The person (no token, no phone) is kept in localStorage so the app opens
// offline on the device of the last sign-in and shows what it holds for them.
import { ref, computed } from 'vue'
import type { Person } from './grants'
import { apiError, NetworkError } from '@/api/errors'

const LAST_PERSON = 'wangge.person'
const COOKIE_TRANSPORT = { 'X-Session-Transport': 'cookie' }

let token: string | null = null
let expiresAt = 0
export const person = ref<Person | null>(readLastPerson())
/** Signed in with a live token (false offline after a reload, until a refresh works). */
export const online = ref(false)
export const signedIn = computed(() => person.value !== null)

function readLastPerson(): Person | null {
  try {
    const raw = localStorage.getItem(LAST_PERSON)
    return raw ? (JSON.parse(raw) as Person) : null
  } catch {
    return null
  }
}

export function accessToken(): string | null {
  return token && Date.now() < expiresAt ? token : null
}

function csrf(): string {
  const m = document.cookie.match(/(?:^|;\s*)wg_csrf=([^;]+)/)
  return m ? decodeURIComponent(m[1]) : ''
}

interface SessionAnswer {
  access_token: string
  expires_in: number
  person: Person
}

function take(answer: SessionAnswer): Person {
  token = answer.access_token
  // renew a little early: the services refuse a token the moment it expires
  expiresAt = Date.now() + Math.max(answer.expires_in - 30, 10) * 1000
  person.value = answer.person
  online.value = true
  localStorage.setItem(LAST_PERSON, JSON.stringify(answer.person))
  return answer.person
}

async function post(path: string, body: object, headers: Record<string, string> = {}): Promise<Response> {
  try {
    return await fetch(`/accounts${path}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', ...COOKIE_TRANSPORT, ...headers },
      body: JSON.stringify(body),
    })
  } catch (exc) {
    throw new NetworkError(String(exc))
  }
}

export async function signIn(login: string, password: string): Promise<Person> {
  const response = await post('/sessions', { login, password })
  const body = await response.json().catch(() => ({}))
  if (!response.ok) throw apiError(response.status, body)
  const previous = readLastPerson()
  const signed = take(body as SessionAnswer)
  if (previous && previous.id !== signed.id) window.dispatchEvent(new CustomEvent('wangge:person-changed'))
  return signed
}

let refreshing: Promise<boolean> | null = null

/** A new access token from the refresh cookie. false: the session is over (sign in
 *  again); throws NetworkError when accounts cannot be reached (offline). */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const response = await post('/sessions/refresh', {}, { 'X-CSRF-Token': csrf() })
      if (!response.ok) {
        token = null
        online.value = false
        return false
      }
      take((await response.json()) as SessionAnswer)
      return true
    } finally {
      refreshing = null
    }
  })()
  return refreshing
}

/** At start: a live session from the cookie, else (offline) the last person, else none. */
export async function restoreSession(): Promise<void> {
  if (!csrf() && !person.value) {
    // nobody signed in on this device: a refresh could only be refused, and a refused
    // request is an error in the console of every first visit
    return
  }
  try {
    if (!(await refreshSession())) person.value = null
  } catch (exc) {
    if (!(exc instanceof NetworkError)) throw exc
    online.value = false // keep the last person: the device works offline for them
  }
}

/** Ends the session here and at accounts. What is waiting to be sent stays on the
 *  device, kept for this person (src/offline). */
export async function signOut(): Promise<void> {
  try {
    await post('/sessions/revoke', {}, { 'X-CSRF-Token': csrf() })
  } catch {
    // offline: the cookie is dropped below; the refresh token dies with its lifetime
  }
  token = null
  online.value = false
  person.value = null
  localStorage.removeItem(LAST_PERSON)
}
