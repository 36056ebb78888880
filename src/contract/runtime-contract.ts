/**
 * The generator's view of the contract shared with the runtime SDK: health paths, probe
 * semantics, the container port, the platform's shutdown limit and the injected variables. The
 * definition lives in the SDK's package (`packages/runtime/src/contract/platform.ts`, pure data)
 * and is imported from there, so generated probes and env blocks always match what the SDK
 * serves and reads. See docs/runtime-contract.md.
 */
export {
  CONTAINER_PORT,
  LIVENESS_PATH,
  PLATFORM_ENV,
  type PlatformEnvName,
  PROBES,
  platformEnvVar,
  READINESS_PATH,
} from '../../packages/runtime/src/contract/platform.ts';
