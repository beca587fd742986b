import { createContext } from 'react';
import type { ModelLibraryService } from '../../services/model-library';

/** The saved-models library, provided once by <App>. */
export const ModelLibraryContext = createContext<ModelLibraryService | null>(null);
