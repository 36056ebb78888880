/**
 * Codes of reading inputs and writing outputs (src/io/): problems of
 * the file system rather than of the content.
 */
import { defineCodes } from './types.ts';

export const IO_CODES = defineCodes({
  IO_NOT_FOUND: {
    severity: 'error',
    meaning: 'A file given on the command line does not exist.',
    example: '`msp validate services/nope/service.yaml`',
    fix: 'Check the path; specs live at `services/<id>/service.yaml`.',
  },
  IO_READ: {
    severity: 'error',
    meaning: 'A file exists but cannot be read (permissions, an I/O error).',
    example: 'A spec with mode 000.',
    fix: 'Give the user running msp read permission on it.',
  },
  IO_WRITE: {
    severity: 'error',
    meaning:
      "A file or folder could not be written (or the fleet lock taken); the output it belongs to (a service's, the platform output) keeps its previous content.",
    example: 'A full disk (`ENOSPC`) or a read-only file system (`EROFS`) under `services/<id>/`.',
    fix: 'Free space or fix the permissions the message names, then run the command again.',
  },
  IO_NOT_A_FILE: {
    severity: 'error',
    meaning: 'A path that must be a regular file is a folder, FIFO, socket or device.',
    example: '`msp validate services/api` (a folder), or a FIFO inside `terraform/`.',
    fix: 'Give a file, or move the special file out of the generated folder.',
  },
  IO_SYMLINK_OUTPUT: {
    severity: 'error',
    meaning: 'A generated folder is a symbolic link; msp never writes through a link.',
    example: '`services/api/terraform` linked to `/tmp/out`.',
    fix: 'Replace the link with a folder and generate again.',
  },
  IO_OUTSIDE_FLEET: {
    severity: 'error',
    meaning: 'A service folder is a link to a place outside the fleet root.',
    example: '`services/api` linked to `/home/me/api`.',
    fix: 'Keep the service folder inside the fleet.',
  },
  IO_UNEXPECTED_FILE: {
    severity: 'warning',
    meaning:
      'A file msp did not generate sits in `terraform/` outside any stack folder; it is kept, but Terraform does not read it.',
    example: '`services/api/terraform/notes.tf`',
    fix: 'Move custom Terraform into `terraform/<env>/stacks/<stack>/` (docs/custom-terraform.md), or delete it.',
  },
  IO_ORPHANED_CUSTOM_FILE: {
    severity: 'warning',
    meaning:
      'A custom file is kept in a stack folder msp no longer generates (the environment or stack was removed).',
    example: '`terraform/old/stacks/cloudrun/extra.tf` after removing environment `old`.',
    fix: 'Move the file to a current stack, or delete it.',
  },
  IO_LEFTOVER: {
    severity: 'warning',
    meaning: 'Files left by an interrupted earlier write were cleaned up or could not be.',
    example: 'A `.msp-tmp-…` folder left by a killed `msp generate`.',
    fix: 'Nothing, when they were cleaned up; otherwise remove them as the message says.',
  },
  IO_INTERRUPTED_WRITE: {
    severity: 'warning',
    meaning: 'An interrupted write was found during a read-only run (`--check`), which does not repair it.',
    example: '`msp generate --check` after a killed `msp generate`.',
    fix: 'Run `msp generate` once to recover it.',
  },
});
