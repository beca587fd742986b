import { createContext } from 'react';
import type { ExprService } from './expr-service';

/** The expression notebook's kernel, provided once by <App>. */
export const ExprContext = createContext<ExprService | null>(null);
