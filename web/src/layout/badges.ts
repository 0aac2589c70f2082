// Counts shown on tabs (e.g. visits waiting to be sent), set by the features that own them.
import { ref, type Ref } from 'vue'

export const tabBadges: Record<string, Ref<number>> = {}

export function badge(path: string): Ref<number> {
  return (tabBadges[path] ??= ref(0))
}
