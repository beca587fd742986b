import { useContext } from 'react';
import { ExprContext } from '../services/ExprContext';
import type { ExprService } from '../services/expr-service';

/** The expression service from context; throws if rendered outside <App>. */
export function useExprService(): ExprService {
  const service = useContext(ExprContext);
  if (!service) throw new Error('useExprService must be used inside <App>');
  return service;
}
