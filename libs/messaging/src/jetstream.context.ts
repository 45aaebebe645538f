import { BaseRpcContext } from '@nestjs/microservices';
import type { JsMsg } from 'nats';

/** `@Ctx()` of a JetStream event handler: the un-namespaced subject and the raw message (delivery count etc.). */
export class JetStreamContext extends BaseRpcContext<[string, JsMsg]> {
  /** The subject without namespace, e.g. 'sy.deployment.scaled'. */
  getSubject(): string {
    return this.args[0];
  }

  getMessage(): JsMsg {
    return this.args[1];
  }

  /** 1 on the first delivery. */
  getDeliveryCount(): number {
    return this.args[1].info.deliveryCount;
  }
}
