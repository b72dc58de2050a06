// Running core work a slice at a time on the thread that answers requests. Between slices the
// connection reads its next message, so a hover on one file is answered while a long check of another
// runs, a cancellation is seen, and work for text that has since changed is dropped.
import { LSPErrorCodes, ResponseError } from "vscode-languageserver/node";
import type { Steps } from "../analysis/steps";

/** How long a slice may run before the connection gets a turn: well under what a person notices. */
export const SLICE_MS = 8;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs `steps` to the end, or stops and returns undefined once `isStale` says its result is no longer wanted. */
export async function runInSlices<T>(steps: Steps<T>, isStale: () => boolean): Promise<T | undefined> {
  let sliceStart = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() - sliceStart < SLICE_MS) continue;
    await nextTurn();
    if (isStale()) {
      steps.return(undefined as never);
      return undefined;
    }
    sliceStart = performance.now();
  }
}

/** The answer to a request the client cancelled. */
export const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, "cancelled");

/** The answer to a request whose document changed while it was worked on: the client asks again if it still wants it. */
export const contentModified = () => new ResponseError(LSPErrorCodes.ContentModified, "the document changed");
