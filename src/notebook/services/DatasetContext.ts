import { createContext } from 'react';
import type { DatasetService } from './dataset-service';

/** The notebook's dataset service, provided once by <Notebook>. */
export const DatasetContext = createContext<DatasetService | null>(null);
