/**
 * Codes of the command itself (src/cli/, src/fleet/tasks.ts): what is wrong with msp rather than
 * with the input.
 */
import { defineCodes } from './types.ts';

export const CLI_CODES = defineCodes({
  INTERNAL_ERROR: {
    severity: 'error',
    meaning:
      'msp failed on this input with a bug of its own; the service is reported as failed, never as valid.',
    example: 'A service whose validation throws an unexpected exception.',
    fix: 'Report it with the input that caused it (`MSP_DEBUG=1` shows the stack).',
  },
});
