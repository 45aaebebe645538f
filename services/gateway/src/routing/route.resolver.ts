// Which route a key reaches under a model name, and whether it may call it. Pure, over the mirror.
import { GatewayErrors } from '../errors/gateway.error';
import type { RegistryMirror } from '../mirror/registry.mirror';
import type { KeyRecord, RouteEntry } from '../mirror/mirror.types';

/** Route visible to the key's workspace: its own, or shared with it. */
function visible(entry: RouteEntry, key: KeyRecord): boolean {
  const r = entry.route;
  return r.workspaceId === key.workspaceId || r.access.allowedWorkspaceIds.includes(key.workspaceId);
}

/** Whether `key` may call a visible route. */
export function mayCall(entry: RouteEntry, key: KeyRecord): boolean {
  if (key.allowedRoutes !== null && !key.allowedRoutes.has(entry.route.name)) return false;
  const allowedKeys = entry.route.access.allowedKeyIds;
  return allowedKeys.length === 0 || allowedKeys.includes(key.id);
}

/** The enabled route named `model` for this key; 404 when none is visible, 403 when the key may not call it. */
export function resolveRoute(mirror: RegistryMirror, key: KeyRecord, model: string): RouteEntry {
  const candidates = mirror.routesNamed(model);
  // A workspace that has a route of this name, even a disabled one, never falls through to a shared route of
  // another workspace: disabling your own route must not hand your traffic to someone else.
  const ownName = candidates.some((entry) => entry.route.workspaceId === key.workspaceId);
  let found: RouteEntry | undefined;
  for (const entry of candidates) {
    if (!entry.route.enabled || !visible(entry, key)) continue;
    if (ownName && entry.route.workspaceId !== key.workspaceId) continue;
    // The key's own workspace wins over a shared route of the same name.
    if (!found || entry.route.workspaceId === key.workspaceId) found = entry;
  }
  if (!found) throw GatewayErrors.unknownModel(model);
  if (!mayCall(found, key)) throw GatewayErrors.routeNotAllowed(model);
  return found;
}

/** Routes the key may call (GET /v1/models), by name. */
export function callableRoutes(mirror: RegistryMirror, key: KeyRecord): RouteEntry[] {
  const byName = new Map<string, RouteEntry>();
  for (const entry of mirror.allRoutes()) {
    if (!entry.route.enabled || !visible(entry, key) || !mayCall(entry, key)) continue;
    const held = byName.get(entry.route.name);
    if (!held || entry.route.workspaceId === key.workspaceId) byName.set(entry.route.name, entry);
  }
  return [...byName.values()].sort((a, b) => a.route.name.localeCompare(b.route.name));
}
