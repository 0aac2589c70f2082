import type { RouteRecordRaw } from 'vue-router'
import { ledAreas, volunteerIds, type Person } from '@/auth/grants'

const volunteer = (p: Person) => volunteerIds(p).length > 0
const leader = (p: Person) => ledAreas(p).length > 0

const routes: RouteRecordRaw[] = [
  { path: '/shifts', component: () => import('./ShiftsPage.vue'), meta: { title: 'shifts.title', allowed: volunteer, tab: { order: 10, icon: 'calendar-o', label: 'nav.shifts' } } },
  // what the leader's QR code opens: checks in at once (after signing in, if need be)
  { path: '/checkin', component: () => import('./CheckinPage.vue'), meta: { title: 'shifts.checkinPage', allowed: volunteer } },
  { path: '/lead', component: () => import('./LeadPage.vue'), meta: { title: 'shifts.leadTitle', allowed: leader, tab: { order: 15, icon: 'cluster-o', label: 'shifts.tabLead' } } },
  { path: '/lead/:key', component: () => import('./LeadShiftPage.vue'), meta: { title: 'shifts.leadTitle', allowed: leader } },
]
export default routes
