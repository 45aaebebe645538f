/** An error the REST API answers with: `{"error":{"status","code","message"}}`. Never carries a secret. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static badRequest(message: string): ApiError {
    return new ApiError(400, 'invalid_request', message);
  }
  static notFound(what: string): ApiError {
    return new ApiError(404, 'not_found', `${what} not found`);
  }
  static unavailable(what: string): ApiError {
    return new ApiError(503, 'unavailable', `${what} is unavailable`, true);
  }
}
