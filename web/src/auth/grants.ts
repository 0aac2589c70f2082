// What a person's grants let the field app show: the same grants the services judge by
// (docs/access-control.md); the app only hides what the services would refuse anyway.
export interface Grant {
  role: string
  area?: string
  unit?: string
  volunteer?: string
  department?: string
}

export interface Person {
  id: string
  display_name: string
  kind: string
  grants: Grant[]
}

export const FIELD_ROLES = ['volunteer', 'grid_worker', 'community_admin', 'request_handler'] as const

export function holding(person: Person | null, role: string): Grant[] {
  return person ? person.grants.filter((g) => g.role === role) : []
}

/** The volunteer ids the person walks as (one per volunteer grant). */
export function volunteerIds(person: Person | null): string[] {
  return holding(person, 'volunteer').map((g) => g.volunteer).filter((v): v is string => !!v)
}

/** Grids or communities the person leads on the ground (grid workers, community admins). */
export function ledAreas(person: Person | null): string[] {
  return [...holding(person, 'grid_worker'), ...holding(person, 'community_admin')]
    .map((g) => g.area).filter((a): a is string => !!a)
}

export function handlesRequests(person: Person | null): boolean {
  return holding(person, 'request_handler').length > 0
}

export function usesFieldApp(person: Person | null): boolean {
  return !!person && person.grants.some((g) => (FIELD_ROLES as readonly string[]).includes(g.role))
}
