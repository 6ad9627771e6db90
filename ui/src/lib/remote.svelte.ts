// The one way a place asks the backend for something or changes something, with the
// loading and error state every place shows the same way. A query keeps the answer to the
// newest request only: answers to older ones (a filter changed meanwhile) are dropped.
import { SproutError, errorText } from "../api/errors";

export class Query<T> {
  data = $state<T | null>(null);
  error = $state<string | null>(null);
  loading = $state(false);
  #latest = 0;
  #load: () => Promise<T>;

  constructor(load: () => Promise<T>) {
    this.#load = load;
  }

  async run(): Promise<void> {
    const request = ++this.#latest;
    this.loading = true;
    try {
      const found = await this.#load();
      if (request !== this.#latest) return;
      this.data = found;
      this.error = null;
    } catch (e) {
      if (request === this.#latest) this.error = errorText(SproutError.from(e));
    } finally {
      if (request === this.#latest) this.loading = false;
    }
  }
}

export class Mutation {
  pending = $state(false);
  error = $state<string | null>(null);
  /** The backend's own error, for a form that marks the field it names. */
  failure = $state<SproutError | null>(null);

  /** Runs `change` unless one is already running; its result, or undefined if it failed. */
  async run<T>(change: () => Promise<T>): Promise<T | undefined> {
    if (this.pending) return undefined;
    this.pending = true;
    this.error = null;
    this.failure = null;
    try {
      return await change();
    } catch (e) {
      this.failure = SproutError.from(e);
      this.error = errorText(this.failure);
      return undefined;
    } finally {
      this.pending = false;
    }
  }
}
