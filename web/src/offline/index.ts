// Placeholder until the offline store lands (service worker, IndexedDB outbox and cache).
export function startOffline(): void {}
