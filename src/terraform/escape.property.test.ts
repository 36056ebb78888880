import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { newStack, trickyString } from '../../test/support/terraform.ts';
import { findTemplateSequence, unescapeTemplateLiteral } from './escape.ts';
import { interpolate } from './expr.ts';
import { serializeStack } from './serialize.ts';

describe('literal strings stay literal (property)', () => {
  it('in attribute values, map keys and output values', () => {
    fc.assert(
      fc.property(trickyString(), trickyString(), (value, key) => {
        const s = newStack();
        s.resource('random_id', 'r', { byte_length: 1, prefix: value, keepers: { [key]: value } });
        s.output('o', { value });
        const doc = JSON.parse(serializeStack(s));
        const prefix: string = doc.resource.random_id.r.prefix;
        const [escapedKey, keeper] = Object.entries(
          doc.resource.random_id.r.keepers as Record<string, string>,
        )[0]!;
        for (const written of [prefix, keeper, escapedKey, doc.output.o.value as string]) {
          assert.equal(findTemplateSequence(written), -1, `unescaped sequence in ${JSON.stringify(written)}`);
        }
        assert.equal(unescapeTemplateLiteral(prefix), value);
        assert.equal(unescapeTemplateLiteral(keeper), value);
        assert.equal(unescapeTemplateLiteral(escapedKey), key);
        assert.equal(unescapeTemplateLiteral(doc.output.o.value), value);
      }),
      { numRuns: 300 },
    );
  });

  it('in the literal parts of interpolate templates', () => {
    fc.assert(
      fc.property(trickyString(), trickyString(), (before, after) => {
        const s = newStack();
        const v = s.variable('x', { type: 'string' });
        const written = interpolate`${before}${v.ref()}${after}`.toTemplate();
        assert.equal(evaluateTemplate(written, { 'var.x': '<X>' }), `${before}<X>${after}`);
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * Evaluates a template the way Terraform reads one, for the sequences these tests produce:
 * `$${`/`%%{` escapes, `${name}` from `vars`, and `${"..."}` string literals.
 */
function evaluateTemplate(template: string, vars: Record<string, string>): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const two = template.slice(i, i + 2);
    const three = template.slice(i, i + 3);
    if (three === '$${' || three === '%%{') {
      out += three.slice(1);
      i += 3;
    } else if (two === '%{') {
      throw new Error(`directive at ${i}`);
    } else if (two === '${') {
      const end = template.indexOf('}', i);
      const code = template.slice(i + 2, end);
      if (code.startsWith('"')) out += JSON.parse(code) as string;
      else if (code in vars) out += vars[code];
      else throw new Error(`unexpected expression ${code}`);
      i = end + 1;
    } else {
      out += template[i];
      i++;
    }
  }
  return out;
}
