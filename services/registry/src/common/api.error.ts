/** An error the API answers with: `{"error":{"status","code","message","field"?}}`. Never carries a secret. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static badRequest(message: string, field?: string): ApiError {
    return new ApiError(400, 'invalid_request', message, field);
  }
  static unauthorized(message = 'authentication required'): ApiError {
    return new ApiError(401, 'unauthorized', message);
  }
  static forbidden(message = 'your role does not allow this'): ApiError {
    return new ApiError(403, 'forbidden', message);
  }
  static notFound(what: string): ApiError {
    return new ApiError(404, 'not_found', `${what} not found`);
  }
  static conflict(message: string, field?: string): ApiError {
    return new ApiError(409, 'conflict', message, field);
  }
  static unprocessable(message: string, field?: string): ApiError {
    return new ApiError(422, 'unprocessable', message, field);
  }
}
