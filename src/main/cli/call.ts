import type { CallInput, CallName, CallOutput } from '../../shared/contract';
import { KeelError } from '../../shared/errors';
import type { Dispatch } from '../dispatch';

/** A typed call through the dispatcher; errors come back as KeelError. */
export async function callOrThrow<N extends CallName>(
  dispatch: Dispatch,
  name: N,
  input: CallInput<N>,
): Promise<CallOutput<N>> {
  const r = await dispatch(name, input);
  if (!r.ok) throw KeelError.fromPayload(r.error);
  return r.value as CallOutput<N>;
}
