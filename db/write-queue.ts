/**
 * One in-process queue for every write transaction.
 *
 * Why: @libsql/client drives SQLite synchronously, so a pooled connection that waits for the write lock blocks the
 * very event loop that would let the lock holder commit; concurrent `transaction()` calls either fail with
 * `TRANSACTION_ACTIVE` or stall for the whole busy timeout. Serialising writers inside the process removes that,
 * and the client's busy timeout still arbitrates between processes.
 */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  /** Runs `task` after every task queued before it has settled; a failing task never blocks the ones after it. */
  run<T>(task: () => Promise<T>): Promise<T> {
    this.waiting += 1;
    const result = this.tail.then(task);
    this.tail = result.then(
      () => this.settle(),
      () => this.settle(),
    );
    return result;
  }

  /** How many tasks are queued or running; useful for health output and tests. */
  get depth(): number {
    return this.waiting;
  }

  private settle(): void {
    this.waiting -= 1;
  }
}
