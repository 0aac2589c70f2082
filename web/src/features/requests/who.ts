// Who the requests tab is for: those who raise requests on their visits (volunteers, grid
// workers, community admins) follow them; request handlers move theirs on.
import { handlesRequests, ledAreas, volunteerIds, type Person } from '@/auth/grants'

export function raises(p: Person | null): boolean {
  return volunteerIds(p).length > 0 || ledAreas(p).length > 0
}

export function seesRequests(p: Person | null): boolean {
  return raises(p) || handlesRequests(p)
}
