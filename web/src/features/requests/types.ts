// A resident's request (困难诉求) as visits answers it (docs/openapi/visits.json).
export interface HistoryEntry {
  at: string
  /** raised, assigned, transferred, accepted, resolved, closed, reopened, escalated */
  action: string
  status: string
  assigned_to: string | null
  /** the account that took the step; null: the overdue sweep, or not recorded */
  actor: string | null
  /** a name for the actor, when the service gives one (masked) */
  actor_name_masked?: string | null
  actor_name?: string | null
  note: string | null
}

export interface ResidentRequest {
  request_id: string
  grid_code: string
  household_code: string | null
  category: string
  urgency: string
  note: string | null
  status: string
  assignee: string | null
  assigned_to: string | null
  raised_at: string
  due_at: string
  overdue: boolean
  escalation_level: number
  version: number
  accepted_at?: string | null
  accepted_by?: string | null
  history?: HistoryEntry[]
}
