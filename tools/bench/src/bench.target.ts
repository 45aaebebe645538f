// What the harness measures: an HTTP endpoint speaking the OpenAI API in front of (or being) the engine simulator.

export interface BenchTarget {
  name: string;
  /** One line for the results page: what runs and how it is configured. */
  description: string;
  /** http://host:port; requests go to `${baseUrl}/v1/chat/completions`. */
  baseUrl: string;
  /** Headers every request carries (content type, auth, routing headers). */
  headers: Record<string, string>;
  /** The model name to put in request bodies. */
  model: string;
  /**
   * The processes whose resident memory the memory phase adds up (nginx: master and workers); absent when the bench
   * did not start the target (a gateway it attached to).
   */
  processIds?(): number[];
  stop(): Promise<void>;
}

/** A target that could not be started, with the reason shown in its rows. */
export interface UnavailableTarget {
  name: string;
  reason: string;
}

export const JSON_HEADERS: Readonly<Record<string, string>> = { 'Content-Type': 'application/json', Authorization: 'Bearer bench' };
