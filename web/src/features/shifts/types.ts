// What dispatch answers about shifts (docs/openapi/dispatch.json publishes them as plain
// objects; the fields below are those of services/dispatch/use_cases/shifts.py and
// /tmp api agreement: leads, attendance, check-in codes). Optional fields are read when
// present and the screen does without them otherwise.

export interface PersonOnShift {
  volunteer_id: string
  name_masked: string
  /** the grid's list: their attendance */
  checked_in_at?: string | null
  checked_out_at?: string | null
  /** the grid's list: false for someone present without a booking (stepped in) */
  booked?: boolean
  /** the grid's list: what made them present (scan, visit, correction) */
  basis?: string | null
}

export interface Lead {
  account_id: string
  name_masked: string
}

export interface Shift {
  shift_key: string
  order_id: string
  unit_id: string
  community_code: string
  /** YYYY-MM-DD, a local day */
  day: string
  half: string
  place_code: string
  place_name?: string | null
  grid_name?: string | null
  task_kinds: string[]
  head_count: number
  assigned: number
  missing: number
  status: string
  volunteers: PersonOnShift[]
  leads?: Lead[]
  /** the shift's hours when the service names them (else the usual ones of its half) */
  starts_at?: string | null
  ends_at?: string | null
  /** the grid's list: people present, and booked people not checked in yet */
  checked_in?: number
  not_checked_in?: number
  /** a volunteer's own list: their attendance */
  checked_in_at?: string | null
  checked_out_at?: string | null
}

/** One of my shifts, with the volunteer id I am on it as (a person may have several). */
export interface MyShift extends Shift {
  me: string
}

export interface CheckinAnswer {
  shift_key: string
  volunteer_id: string
  checked_in_at: string | null
  checked_out_at: string | null
  booked: boolean
}

export interface CheckinCode {
  shift_key: string
  code: string
  valid_from: string
  valid_until: string
  period_s: number
}

export interface GridShifts {
  grid_code: string
  since: string
  shifts: Shift[]
}
