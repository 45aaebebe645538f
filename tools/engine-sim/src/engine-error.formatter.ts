// Error bodies as OpenAI and vLLM (>= 0.10) write them: {"error":{"message","type","param":null,"code":status}},
// which is also what the openai SDK reads. Pure.

export interface EngineErrorResponse {
  status: number;
  body: string;
}

const ERROR_TYPES: Readonly<Record<number, string>> = {
  400: 'BadRequestError',
  401: 'UnauthorizedError',
  403: 'ForbiddenError',
  404: 'NotFoundError',
  408: 'RequestTimeoutError',
  413: 'RequestEntityTooLargeError',
  422: 'UnprocessableEntityError',
  429: 'TooManyRequestsError',
  500: 'InternalServerError',
  501: 'NotImplementedError',
  502: 'BadGatewayError',
  503: 'ServiceUnavailableError',
  504: 'GatewayTimeoutError',
};

export function errorTypeFor(status: number): string {
  return ERROR_TYPES[status] ?? (status >= 500 ? 'InternalServerError' : 'BadRequestError');
}

export function formatErrorBody(status: number, message: string, type: string = errorTypeFor(status)): string {
  return `{"error":{"message":${JSON.stringify(message)},"type":${JSON.stringify(type)},"param":null,"code":${status}}}`;
}

export function engineError(status: number, message: string): EngineErrorResponse {
  return { status, body: formatErrorBody(status, message) };
}

export function modelNotFound(model: string): EngineErrorResponse {
  return engineError(404, `The model \`${model}\` does not exist.`);
}
