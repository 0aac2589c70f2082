import type { RouteRecordRaw } from 'vue-router'
import { holding, volunteerIds } from '@/auth/grants'

const routes: RouteRecordRaw[] = [
  {
    path: '/capture/:campaign/:household', component: () => import('./CapturePage.vue'),
    meta: { title: 'capture.title', allowed: (p) => volunteerIds(p).length > 0 || holding(p, 'grid_worker').length > 0 },
  },
]
export default routes
