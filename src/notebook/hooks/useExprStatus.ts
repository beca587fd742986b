import { useSyncExternalStore } from 'react';
import type { ExprStatus } from '../services/expr-service';
import { useExprService } from './useExprService';

/** The expression kernel's status (ready, cells pending); re-renders when it changes. */
export function useExprStatus(): ExprStatus {
  const service = useExprService();
  return useSyncExternalStore(service.subscribe, service.getStatus);
}
