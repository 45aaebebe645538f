// GET /v1/models in vLLM's shape. Pure.

export function modelsBody(model: string, created: number, maxModelLen: number): string {
  const id = JSON.stringify(model);
  return `{"object":"list","data":[{"id":${id},"object":"model","created":${created},"owned_by":"vllm","root":${id},"parent":null,"max_model_len":${maxModelLen}}]}`;
}
