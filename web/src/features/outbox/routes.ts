import type { RouteRecordRaw } from 'vue-router'

// Anyone signed in: what this phone holds for them (no tab; opened from "me" and the
// tasks' badge).
const routes: RouteRecordRaw[] = [
  { path: '/outbox', component: () => import('./OutboxPage.vue'), meta: { title: 'outbox.title' } },
]
export default routes
