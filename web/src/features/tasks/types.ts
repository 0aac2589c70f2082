// What the visits service answers about tasks and households for the field app
// (docs/openapi/visits.json publishes them as open objects; the fields are those of
// services/visits/use_cases/reads.py and the agreed API: building_name, kind, address and
// residents per household, the campaigns' questionnaires at the top). Optional fields are
// shown when present; the screens do without them otherwise.

export interface ResidentLine {
  resident_id: number
  /** the registry's masked name (张*三); the clear name only through an audited reveal */
  name_masked: string
  tags: string[]
}

export interface Household {
  campaign_id?: string
  household_code: string
  grid_code?: string
  building_code?: string | null
  building_name?: string | null
  kind?: string | null
  address?: string | null
  /** the household's state in the campaign: unassigned, assigned, reached, not_home … */
  state?: string | null
  attempts?: number | null
  follow_up?: boolean
  residents?: ResidentLine[]
  /** a task's own status (open, done, released) */
  status?: string
  visit_id?: string | null
  since?: string | null
}

export interface VolunteerTasks {
  volunteer_id: string
  open: number
  tasks: Household[]
}

export interface ShiftTasks {
  shift_key: string
  grid_code: string | null
  day: string
  half?: string
  status: string
  volunteers: VolunteerTasks[]
}

export interface CampaignInfo {
  title?: string
  name?: string
  questionnaire_id: string
  questionnaire_version: number
}

export interface TasksAnswer {
  volunteer_id: string
  shifts: ShiftTasks[]
  campaigns?: Record<string, CampaignInfo>
}

/** One shift of mine with my households on it, as the task list shows it. */
export interface MyShiftTasks {
  shift_key: string
  grid_code: string | null
  day: string
  half?: string
  status: string
  /** the volunteer id I walk this shift as */
  me: string
  households: Household[]
}

export interface MyTasks {
  shifts: MyShiftTasks[]
  campaigns: Record<string, CampaignInfo>
}
