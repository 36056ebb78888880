/**
 * The container image per deploy type (docs/cloudrun-stack.md, "Image tag per deploy type"):
 * - `manual`: `<image>:<deploy.manual.tag>`, a literal;
 * - `subscription`: `<image>:${var.resolved_image_tag}`; the variable's value is written to
 *   `terraform.tfvars` next to the stack: `<tag>@sha256:<digest>` when the service's
 *   `images.lock.yaml` pins the tag (`msp resolve-images`, docs/images.md), so a moved tag
 *   changes the file and Terraform rolls out a new revision; the bare tag otherwise;
 * - `rollout`: `<image>:<rollout.initialImageTag>` for the first revision only; Cloud Deploy
 *   owns the image afterwards, so the Cloud Run resource ignores changes to it.
 */
import type { EnvironmentSpec, ServiceSpec } from '../../spec/model.ts';
import { interpolate, quoteHclString, type Stack, type TfExpr } from '../../terraform/index.ts';
import type { ExtraFile } from '../context.ts';

/** The generate-time variable of subscription deploys (MSP's name). */
const RESOLVED_IMAGE_TAG = 'resolved_image_tag';
/** The file holding its value. */
const TFVARS_FILE = 'terraform.tfvars';

/** The container image and what it needs beside the stack. */
interface ContainerImage {
  image: string | TfExpr;
  /** `terraform.tfvars` for subscription deploys. */
  extraFiles: ExtraFile[];
  /** Attributes Terraform must not revert (rollout deploys: Cloud Deploy changes them). */
  ignoreChanges: string[];
}

/** The `terraform.tfvars` content for a subscription deploy: `resolved_image_tag = "<tag>"`. */
export function renderTfvars(values: Record<string, string>): string {
  return Object.keys(values)
    .sort()
    .map((k) => `${k} = ${quoteHclString(values[k]!)}\n`)
    .join('');
}

/**
 * Adds what the deploy type needs to `stack` and returns the image. `digest`: the manifest
 * digest a subscription tag is pinned to, if any.
 */
export function addContainerImage(
  stack: Stack,
  spec: ServiceSpec,
  env: EnvironmentSpec,
  digest?: string,
): ContainerImage {
  const deploy = env.deploy;
  if (deploy.type === 'manual')
    return { image: `${spec.build.image}:${deploy.tag}`, extraFiles: [], ignoreChanges: [] };
  if (deploy.type === 'rollout')
    return {
      image: `${spec.build.image}:${deploy.initialTag}`,
      extraFiles: [],
      ignoreChanges: ['template[0].containers[0].image', 'client', 'client_version'],
    };
  const tag = stack.variable(RESOLVED_IMAGE_TAG, {
    type: 'string',
    description: 'Image tag resolved from subscription to deploy',
  });
  return {
    image: interpolate`${spec.build.image}:${tag.ref()}`,
    extraFiles: [
      {
        name: TFVARS_FILE,
        content: renderTfvars({ [RESOLVED_IMAGE_TAG]: digest ? `${deploy.tag}@${digest}` : deploy.tag }),
      },
    ],
    ignoreChanges: [],
  };
}
