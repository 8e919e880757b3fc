/**
 * The event streams a process has open, so that a server shutting down (SIGTERM from the
 * developer, or from Cloud Run) ends each one with `event: end` and `reason: "shutdown"`
 * instead of leaving it open until its time limit: the page's EventSource then reconnects,
 * with Last-Event-ID, to whichever server answers next.
 */
export type EndStream = (reason: string) => void;

export class OpenStreams {
  private readonly open = new Set<EndStream>();
  private closing = false;

  /** Registers an open stream's `end`; returns the function that unregisters it (call it when the stream ends). */
  add(end: EndStream): () => void {
    if (this.closing) {
      end('shutdown');
      return () => undefined;
    }
    this.open.add(end);
    return () => this.open.delete(end);
  }

  /** How many streams are open. */
  get size(): number {
    return this.open.size;
  }

  /** Ends every open stream with `reason: "shutdown"`; a stream opened after this ends at once. Returns how many were open. */
  shutdown(): number {
    this.closing = true;
    const ends = [...this.open];
    this.open.clear();
    for (const end of ends) end('shutdown');
    return ends.length;
  }
}
