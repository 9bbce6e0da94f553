import type { Logger } from '@marque/kernel';

/** Published after a consent was given or withdrawn; processing modules stop or start on it. */
export interface ConsentChanged {
  accountId: string;
  purpose: string;
  vin: string | null;
  granted: boolean;
  at: Date;
}

export type ConsentListener = (e: ConsentChanged) => void | Promise<void>;

/** A tiny in-process emitter; a failing listener is logged and never undoes the recorded consent. */
export function createConsentEvents(log?: Logger) {
  const listeners = new Set<ConsentListener>();
  return {
    on(listener: ConsentListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async emit(e: ConsentChanged): Promise<void> {
      for (const l of listeners) {
        try {
          await l(e);
        } catch (err) {
          log?.error({ err, purpose: e.purpose }, 'consent listener failed');
        }
      }
    },
  };
}

export type ConsentEvents = ReturnType<typeof createConsentEvents>;
