// Types of dcc-validators.generated.js (standalone ajv validators, scripts/gen-dcc-validators.mjs).
import type { ValidateFunction } from 'ajv';

/** The EU DCC validators by schema version (1.0.0 … 1.3.3). */
export declare const DCC_VALIDATORS: Record<string, ValidateFunction>;
