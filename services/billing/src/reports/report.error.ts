/** An error the reports API answers with: `{"error":{"status","code","message","field"?}}`. */
export class ReportError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryable = false,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ReportError';
  }
}
