// Entry point of the acme-api container: everything else is in service.ts.
import { runService } from '@msp/runtime';
import { service } from './service.ts';

// HOST is for local runs (`npm run runtime:start` binds 127.0.0.1); on Cloud Run the service
// listens on all interfaces, as the platform requires.
await runService(service, process.env.HOST ? { host: process.env.HOST } : {});
