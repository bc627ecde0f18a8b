import { useQuery } from '@tanstack/react-query';
import type { CallInput, CallName, CallOutput } from '../../../shared/contract';
import { call } from './client';

/** A cached, typed read through the contract. */
export function useCall<N extends CallName>(name: N, input: CallInput<N>, enabled = true) {
  return useQuery<CallOutput<N>, Error>({
    queryKey: [name, input],
    queryFn: () => call(name, input),
    enabled,
  });
}
