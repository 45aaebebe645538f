// GET /v1/models: the routes this key may call, in OpenAI's list shape.
import { authenticate } from '../auth/api-key.authenticator';
import { GatewayError, GatewayErrors } from '../errors/gateway.error';
import type { RegistryMirror } from '../mirror/registry.mirror';
import { callableRoutes, resolveRoute } from '../routing/route.resolver';
import type { RouteEntry } from '../mirror/mirror.types';

export interface ModelObject {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

export class ModelsHandler {
  private readonly created = Math.floor(Date.now() / 1000);

  constructor(private readonly mirror: RegistryMirror) {}

  list(authorization: string | string[] | undefined): { object: 'list'; data: ModelObject[] } | GatewayError {
    try {
      const key = authenticate(authorization, this.mirror, Date.now());
      return { object: 'list', data: callableRoutes(this.mirror, key).map((e) => this.toModel(e)) };
    } catch (err) {
      return err instanceof GatewayError ? err : GatewayErrors.internal();
    }
  }

  retrieve(authorization: string | string[] | undefined, model: string): ModelObject | GatewayError {
    try {
      const key = authenticate(authorization, this.mirror, Date.now());
      return this.toModel(resolveRoute(this.mirror, key, model));
    } catch (err) {
      return err instanceof GatewayError ? err : GatewayErrors.internal();
    }
  }

  private toModel(entry: RouteEntry): ModelObject {
    const owner = this.mirror.workspace(entry.route.workspaceId)?.slug ?? 'switchyard';
    return { id: entry.route.name, object: 'model', created: this.created, owned_by: owner };
  }
}
