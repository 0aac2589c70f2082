// Routes come from each feature (src/features/<feature>/routes.ts). A route's meta.allowed
// says which people may open it (from their grants); the guard sends everyone else home.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import type { Person } from '@/auth/grants'
import { person } from '@/auth/session'

declare module 'vue-router' {
  interface RouteMeta {
    /** open without signing in (the sign-in page) */
    public?: boolean
    /** who may open it; absent: anyone signed in */
    allowed?: (p: Person) => boolean
    /** title key (i18n) shown in the nav bar */
    title?: string
    /** a tab of the bottom bar: its order, icon and label key */
    tab?: { order: number; icon: string; label: string }
  }
}

const modules = import.meta.glob<{ default: RouteRecordRaw[] }>('./features/*/routes.ts', { eager: true })
export const featureRoutes: RouteRecordRaw[] = Object.values(modules).flatMap((m) => m.default)

/** Where a signed-in person starts: the first tab they may open. */
export function homeFor(p: Person | null): string {
  const tabs = featureRoutes
    .filter((r) => r.meta?.tab && (!r.meta.allowed || (p && r.meta.allowed(p))))
    .sort((a, b) => a.meta!.tab!.order - b.meta!.tab!.order)
  return tabs[0]?.path ?? '/me'
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    ...featureRoutes,
    { path: '/', redirect: () => (person.value ? homeFor(person.value) : '/signin') },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
})

router.beforeEach((to) => {
  if (to.meta.public) return true
  if (!person.value) return { path: '/signin', query: { next: to.fullPath } }
  if (to.meta.allowed && !to.meta.allowed(person.value)) return homeFor(person.value)
  return true
})
