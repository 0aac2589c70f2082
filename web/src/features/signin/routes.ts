import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  { path: '/signin', component: () => import('./SignIn.vue'), meta: { public: true } },
  { path: '/me', component: () => import('./MePage.vue'), meta: { title: 'nav.me', tab: { order: 99, icon: 'user-o', label: 'nav.me' } } },
]
export default routes
