import type { RouteRecordRaw } from 'vue-router'
import { holding, volunteerIds } from '@/auth/grants'

const routes: RouteRecordRaw[] = [
  {
    path: '/tasks', component: () => import('./TasksPage.vue'),
    meta: { title: 'tasks.title', allowed: (p) => volunteerIds(p).length > 0, tab: { order: 20, icon: 'todo-list-o', label: 'nav.tasks' } },
  },
  {
    path: '/grid', component: () => import('./GridPage.vue'),
    meta: { title: 'tasks.gridTitle', allowed: (p) => holding(p, 'grid_worker').some((g) => !!g.area), tab: { order: 30, icon: 'location-o', label: 'nav.grid' } },
  },
]
export default routes
