// biome-ignore-all lint/suspicious/noTemplateCurlyInString: examples show Terraform references as they appear in the JSON
/**
 * Codes of the Terraform stage: the provider-schema check of generated and custom Terraform
 * (src/terraform/check*.ts) and the naming check (src/terraform/check-names.ts).
 */
import { defineCodes } from './types.ts';

export const TERRAFORM_CODES = defineCodes({
  TF_DOCUMENT_NOT_OBJECT: {
    severity: 'error',
    meaning: 'The Terraform JSON document is not a JSON object.',
    example: '`[]` or `"text"` as the whole content of a `.tf.json` file.',
    fix: "Write the file as one JSON object of Terraform's top-level blocks (`resource`, `output`, …).",
    formerly: ['TF_INVALID_DOCUMENT'],
  },
  TF_UNKNOWN_TOP_LEVEL_BLOCK: {
    severity: 'error',
    meaning:
      'A top-level key is not one of the blocks the check knows (`terraform`, `provider`, `variable`, `locals`, `resource`, `data`, `output`).',
    example: '`{"resources": {…}}`',
    fix: 'Fix the block name (the hint names the closest).',
    formerly: ['TF_INVALID_DOCUMENT'],
  },
  TF_NOT_AN_OBJECT: {
    severity: 'error',
    meaning:
      "A section or named block that Terraform's JSON syntax requires to be an object is something else (`terraform`, `provider`, `resource`, `data`, the blocks of one type, a `variable`, an `output`).",
    example: '`{"resource": []}`',
    fix: "Follow Terraform's JSON syntax: each section is an object of named blocks.",
    formerly: ['TF_INVALID_DOCUMENT'],
  },
  TF_PROVIDER_SOURCE_MISSING: {
    severity: 'error',
    meaning: 'An entry of `required_providers` has no `source`.',
    example: '`required_providers: {google: {version: "7.9.0"}}`',
    fix: 'Give the registry source, e.g. `source: "hashicorp/google"`.',
    formerly: ['TF_INVALID_DOCUMENT'],
  },
  TF_PROVIDER_DUPLICATE_DEFAULT: {
    severity: 'error',
    meaning: 'A provider has more than one configuration without an `alias`.',
    example: '`provider: {google: [{project: "a"}, {project: "b"}]}`',
    fix: 'Give every configuration but one an `alias`.',
    formerly: ['TF_INVALID_DOCUMENT'],
  },
  TF_UNKNOWN_PROVIDER: {
    severity: 'error',
    meaning: 'A provider has no vendored schema, so its blocks cannot be checked.',
    example: '`required_providers: {aws: {source: "hashicorp/aws"}}`',
    fix: 'Use the providers msp vendors (google, cloudflare, random, tfe, postgresql).',
  },
  TF_PROVIDER_VERSION_MISMATCH: {
    severity: 'warning',
    meaning: 'A provider is pinned to another version than the schema it is checked against.',
    example: '`google` pinned to `~> 6.0` while the schema is 7.9.0.',
    fix: 'Pin the version of the vendored schema.',
  },
  TF_PROVIDER_SOURCE_MISMATCH: {
    severity: 'error',
    meaning: 'A resource type belongs to another provider source than the one required under its local name.',
    example: '`google` required from `acme/google` with a `google_project` resource.',
    fix: 'Require the provider from its registry source.',
  },
  TF_PROVIDER_NOT_REQUIRED: {
    severity: 'error',
    meaning: 'A provider is configured or used but not in `required_providers`.',
    example: 'A `provider: {random: {}}` block without `random` under `required_providers`.',
    fix: 'Add it to `terraform.required_providers`.',
  },
  TF_UNDECLARED_PROVIDER: {
    severity: 'error',
    meaning: 'A block names a provider configuration (`provider = google.west`) that is not declared.',
    example: '`"provider": "google.west"` with no aliased `google` provider.',
    fix: 'Declare the provider configuration, or fix the alias.',
  },
  TF_UNKNOWN_RESOURCE_TYPE: {
    severity: 'error',
    meaning: "The provider's schema has no such resource or data source type.",
    example: '`resource: {google_projekt: {…}}`',
    fix: 'Use a type the provider has (the hint names the closest).',
  },
  TF_UNKNOWN_ATTRIBUTE: {
    severity: 'error',
    meaning: 'A block sets an attribute or nested block its schema does not have.',
    example: '`google_project` with `nmae`.',
    fix: 'Remove it or fix the name (the hint names the closest).',
  },
  TF_MISSING_REQUIRED: {
    severity: 'error',
    meaning: 'A required attribute or block is missing.',
    example: '`google_project` without `name`.',
    fix: 'Set the attribute or add the block.',
  },
  TF_COMPUTED_ONLY: {
    severity: 'error',
    meaning: 'A read-only attribute, set by the provider, is given a value.',
    example: '`google_project` with `number`.',
    fix: 'Refer to it instead of setting it.',
  },
  TF_DEPRECATED: {
    severity: 'warning',
    meaning: 'An attribute or block the schema marks deprecated.',
    example: 'A deprecated argument of a Cloud Run resource.',
    fix: 'Use its replacement.',
  },
  TF_ATTRIBUTE_EXPECTED: {
    severity: 'error',
    meaning: 'A nested block is given where the schema has an attribute.',
    example: '`labels` written as a list of blocks.',
    fix: 'Write it as an attribute value.',
  },
  TF_BLOCK_EXPECTED: {
    severity: 'error',
    meaning:
      'A value is given where the schema has a nested block (a block body must be a JSON object or a list of them).',
    example: '`"template": "x"` on `google_cloud_run_v2_service`.',
    fix: 'Write the block as an object.',
  },
  TF_TOO_MANY_BLOCKS: {
    severity: 'error',
    meaning: 'A nested block appears more often than its schema allows.',
    example: 'Two `template` blocks on `google_cloud_run_v2_service`.',
    fix: 'Keep at most the number the schema allows.',
  },
  TF_TOO_FEW_BLOCKS: {
    severity: 'error',
    meaning: 'A nested block appears less often than its schema requires.',
    example: '`google_cloud_run_v2_service` without `template`.',
    fix: 'Add the block.',
  },
  TF_TYPE_MISMATCH: {
    severity: 'error',
    meaning: 'A literal value has the wrong type for its attribute.',
    example: '`"auto_create_network": "no"` (a bool is expected).',
    fix: "Write a value of the attribute's type.",
  },
  TF_COUNT_INVALID: {
    severity: 'error',
    meaning: '`count` is neither a whole number nor an expression.',
    example: '`"count": -1` or `"count": "two"`',
    fix: 'Give a whole number, or an expression (`"${var.n}"`).',
    formerly: ['TF_INVALID_META_ARGUMENT'],
  },
  TF_FOR_EACH_INVALID: {
    severity: 'error',
    meaning: '`for_each` of a resource or data source is neither a map, a set (list) nor an expression.',
    example: '`"for_each": 3`',
    fix: 'Give a map, a list of strings, or an expression.',
    formerly: ['TF_INVALID_META_ARGUMENT'],
  },
  TF_PROVIDER_ARGUMENT_INVALID: {
    severity: 'error',
    meaning: 'The `provider` meta-argument is not a provider reference (`name` or `name.alias`).',
    example: '`"provider": "google west"`',
    fix: 'Write `"provider": "google.west"`.',
    formerly: ['TF_INVALID_META_ARGUMENT'],
  },
  TF_DEPENDS_ON_INVALID: {
    severity: 'error',
    meaning: '`depends_on` is not a list of addresses.',
    example: '`"depends_on": "google_project.p"` (a list is expected).',
    fix: 'Write a list of addresses: `"depends_on": ["google_project.p"]`.',
    formerly: ['TF_INVALID_META_ARGUMENT'],
  },
  TF_LIFECYCLE_INVALID: {
    severity: 'error',
    meaning: '`lifecycle` is not an object.',
    example: '`"lifecycle": true`',
    fix: 'Write `lifecycle` as an object, e.g. `{"prevent_destroy": true}`.',
    formerly: ['TF_INVALID_META_ARGUMENT'],
  },
  TF_LIFECYCLE_UNKNOWN_ARGUMENT: {
    severity: 'error',
    meaning: '`lifecycle` holds an argument Terraform does not have.',
    example: '`"lifecycle": {"prevent_destory": true}`',
    fix: 'Fix the name (the hint names the closest) or remove it.',
    formerly: ['TF_INVALID_META_ARGUMENT'],
  },
  TF_IGNORE_CHANGES_INVALID: {
    severity: 'error',
    meaning:
      '`lifecycle.ignore_changes` is neither `"all"` nor a list of attribute paths, or an entry cannot be read as an attribute path.',
    example: '`"ignore_changes": "labels"` or `"ignore_changes": ["labels["]`',
    fix: 'Write a list of attribute paths (`["labels", "template[0].containers"]`) or `"all"`.',
    formerly: ['TF_INVALID_META_ARGUMENT'],
  },
  TF_DYNAMIC_UNKNOWN_ARGUMENT: {
    severity: 'error',
    meaning: 'A `dynamic` block holds an argument other than `for_each`, `iterator`, `labels` and `content`.',
    example: '`"dynamic": {"env": {"for_each": [], "contents": {}}}`',
    fix: 'Fix the name (the hint names the closest) or remove it.',
    formerly: ['TF_INVALID_META_ARGUMENT'],
  },
  TF_DYNAMIC_ITERATOR_INVALID: {
    severity: 'error',
    meaning: 'The `iterator` of a `dynamic` block (or its default, the block name) is not a valid name.',
    example: '`"iterator": "my item"`',
    fix: 'Use a name of letters, digits, `_` and `-`, starting with a letter or `_`.',
    formerly: ['TF_INVALID_META_ARGUMENT'],
  },
  TF_DYNAMIC_FOR_EACH_INVALID: {
    severity: 'error',
    meaning: 'The `for_each` of a `dynamic` block is neither a list, a map nor an expression.',
    example: '`"dynamic": {"env": {"for_each": 3, "content": {}}}`',
    fix: 'Give a list, a map, or an expression.',
    formerly: ['TF_INVALID_META_ARGUMENT'],
  },
  TF_UNDECLARED_REFERENCE: {
    severity: 'error',
    meaning: 'A reference (`${type.name.attr}`, `depends_on`) points at something not declared.',
    example: '`"${google_project.missing.id}"`',
    fix: 'Declare it, or fix the reference.',
  },
  TF_UNKNOWN_REFERENCE_ATTRIBUTE: {
    severity: 'error',
    meaning: 'A reference names an attribute its resource type does not have.',
    example: '`"${google_project.p.nmae}"`',
    fix: 'Use an attribute of the type (the hint names the closest).',
  },
  TF_SELF_REFERENCE: {
    severity: 'error',
    meaning: 'A block refers to itself.',
    example: '`google_project.p` with `"${google_project.p.id}"` in its body.',
    fix: 'Remove the cycle.',
  },
  TF_SENSITIVE_OUTPUT: {
    severity: 'error',
    meaning: 'An output refers to a sensitive value without `sensitive = true`.',
    example: 'An output of `random_password.p.result`.',
    fix: 'Mark the output sensitive, or do not output the value.',
  },
  TF_NAME_TOO_LONG: {
    severity: 'error',
    meaning: 'A name msp writes is longer than the API allows (docs/naming.md).',
    example: 'A Cloud SQL instance name built from a long service and environment id.',
    fix: 'Shorten the spec value the name comes from (the diagnostic points at it).',
  },
  TF_NAME_TOO_SHORT: {
    severity: 'error',
    meaning: 'A name msp writes is shorter than the API allows (docs/naming.md).',
    example: 'A service account ID under 6 characters.',
    fix: 'Lengthen the spec value the name comes from.',
  },
  TF_NAME_INVALID: {
    severity: 'error',
    meaning: 'A name msp writes has characters or a form the API refuses (docs/naming.md).',
    example: 'A label key with an uppercase letter.',
    fix: 'Change the spec value the name comes from.',
  },
  TF_CUSTOM_SYNTAX: {
    severity: 'error',
    meaning: 'A custom Terraform file beside the generated ones is not valid HCL or JSON.',
    example: '`extra.tf` with an unclosed `{`.',
    fix: 'Fix the syntax at the reported position.',
  },
  TF_CUSTOM_NOT_CHECKED: {
    severity: 'warning',
    meaning: 'A custom `.tf` file could not be checked because the HCL reader is unavailable.',
    example: 'A custom `.tf` file on a machine where the HCL converter cannot load.',
    fix: 'Write the custom file as `.tf.json`, or make the converter available.',
  },
  TF_DUPLICATE_DECLARATION: {
    severity: 'error',
    meaning: 'A custom file declares a block the generated stack (or another custom file) already declares.',
    example: 'A custom `google_project.project` in the project stack.',
    fix: 'Rename the custom block.',
  },
  TF_CUSTOM_BACKEND: {
    severity: 'error',
    meaning:
      'A custom file configures `terraform.backend` or `terraform.cloud`, which the generated stack already configures (reported as `TF_DUPLICATE_DECLARATION` before).',
    example: 'A custom `.tf.json` with `{"terraform": {"backend": {"gcs": {}}}}`.',
    fix: 'Remove the backend from the custom file; msp configures it from platform.yaml.',
  },
});
