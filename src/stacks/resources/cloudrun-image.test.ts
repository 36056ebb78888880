// biome-ignore-all lint/suspicious/noTemplateCurlyInString: a literal ${ must stay literal in tfvars
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderTfvars } from './cloudrun-image.ts';

describe('renderTfvars', () => {
  it('writes one quoted line per key, sorted', () => {
    assert.equal(renderTfvars({ b: 'x', a: 'stable' }), 'a = "stable"\nb = "x"\n');
  });
  it('keeps tags literal, digests included', () => {
    assert.equal(
      renderTfvars({ resolved_image_tag: 'v1@sha256:abc' }),
      'resolved_image_tag = "v1@sha256:abc"\n',
    );
    assert.equal(renderTfvars({ t: '${x}"' }), 't = "$${x}\\""\n');
  });
});
