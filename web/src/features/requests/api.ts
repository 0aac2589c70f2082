// Visits' requests for the field app: those raised on my visits (a volunteer or grid
// worker follows them), those assigned to me (a request handler moves them on).
import { must, visits } from '@/api/client'
import type { ResidentRequest } from './types'

export function raisedKey(personId: string): string {
  return `visits:requests:raised:${personId}`
}

export async function loadRaised(): Promise<ResidentRequest[]> {
  const answer = await must(visits.GET('/requests', { params: { query: { mine: 'raised', limit: 200 } } }))
  return answer.requests as ResidentRequest[]
}

export function assignedKey(personId: string): string {
  return `visits:requests:assigned:${personId}`
}

export async function loadAssigned(): Promise<ResidentRequest[]> {
  const answer = await must(visits.GET('/requests', { params: { query: { limit: 200 } } }))
  return answer.requests as ResidentRequest[]
}

export async function getRequest(id: string): Promise<ResidentRequest> {
  return (await must(visits.GET('/requests/{request_id}', { params: { path: { request_id: id } } }))) as ResidentRequest
}

export async function accept(id: string): Promise<ResidentRequest> {
  return (await must(visits.POST('/requests/{request_id}/accept', { params: { path: { request_id: id } }, body: {} }))) as ResidentRequest
}

export async function resolve(id: string, note: string): Promise<ResidentRequest> {
  const body = note.trim() ? { note: note.trim() } : {}
  return (await must(visits.POST('/requests/{request_id}/resolve', { params: { path: { request_id: id } }, body }))) as ResidentRequest
}
