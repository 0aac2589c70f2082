import type { RouteRecordRaw } from 'vue-router'
import { seesRequests } from './who'

const routes: RouteRecordRaw[] = [
  { path: '/requests', component: () => import('./RequestsPage.vue'), meta: { title: 'requests.title', allowed: seesRequests, tab: { order: 40, icon: 'comment-o', label: 'nav.requests' } } },
]
export default routes
