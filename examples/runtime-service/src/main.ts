// Entry point of the acme-api container: everything else is in service.ts.
import { runService } from '@msp/runtime';
import { service } from './service.ts';

await runService(service);
