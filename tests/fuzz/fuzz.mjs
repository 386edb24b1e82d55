// Seeded contract fuzzer: generates requests for every operation in the API's OpenAPI document and checks every answer
// against that document. Started by fuzz.sh, which runs the API; on its own:
//   node fuzz.mjs --base http://127.0.0.1:5080 --per-op 5 --seed 1 [--report out.json] [--only /api/quiz]
//
// For each operation and each role (anonymous, worker, officer) it sends --per-op requests, each built by one strategy
// in turn (valid-ish from the schemas, a null per property, a wrong JSON type per property, an empty object, nasty
// strings with Chinese and control characters, a missing required field, boundary values, a body that is not an
// object), and checks: no 5xx; the status is documented for the operation; a body valid against the schema documented
// for that status and media type (JSON Schema 2020-12, as OpenAPI 3.1 uses); every error application/problem+json.
// The same seed gives the same requests (ids the server created itself can differ from run to run).
import { writeFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : 'true']);
  return acc;
}, []));
const BASE = args.base ?? 'http://127.0.0.1:5080';
const PER_OP = Number(args['per-op'] ?? 5);
const SEED = Number(args.seed ?? 20261202);
const ONLY = args.only;
const OFFICER = { username: args['officer-username'] ?? 'km.shi', password: args['officer-password'] ?? 'Demo@2026yn' };

// ---- deterministic randomness: one generator per (seed, role, operation), so adding an operation changes no other's requests
function mulberry32(a) {
  return () => {
    a |= 0; a = (a + 0x6D2B79F5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function hash(text) {
  let h = 2166136261;
  for (const c of text) { h ^= c.codePointAt(0); h = Math.imul(h, 16777619); }
  return h >>> 0;
}
class Rng {
  constructor(seed) { this.next = mulberry32(seed); }
  int(min, max) { return min + Math.floor(this.next() * (max - min + 1)); }
  pick(list) { return list[Math.floor(this.next() * list.length)]; }
  chance(p) { return this.next() < p; }
  uuid() {
    const hex = Array.from({ length: 32 }, () => this.int(0, 15).toString(16));
    hex[12] = '4'; hex[16] = '89ab'[this.int(0, 3)];
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

const NASTY = [
  '', ' ', '张建国', '云南省昆明市五华区', '阿苏·木呷', '刘䶮', '王𠀀', '李〇', '🙂👷‍♀️', 'A\u0000B', '\u202eevil', '\t\r\n',
  "' OR 1=1 --", '<script>alert(1)</script>', '../../etc/passwd', '%00', '=cmd|\'/C calc\'!A0', '${jndi:ldap://x}',
  'null', 'true', '0', '-1', '1e309', '\\u0000', '中'.repeat(600), 'x'.repeat(5000), '\ud800',
];
const BOUNDARY_NUMBERS = [0, -1, 1, 2147483647, 2147483648, -2147483649, 9007199254740993, 1e308, -1e308, 0.5];
const STRATEGIES_WITH_BODY = ['valid', 'null-prop', 'wrong-type', 'empty', 'nasty', 'missing', 'boundary', 'not-object'];
const STRATEGIES_WITHOUT_BODY = ['valid', 'wrong-type', 'nasty', 'boundary', 'bad-path'];

// ---- the document
const documentResponse = await fetch(`${BASE}/openapi/v1.json`);
if (!documentResponse.ok) throw new Error(`GET /openapi/v1.json answered ${documentResponse.status}`);
const doc = await documentResponse.json();
const schemas = doc.components?.schemas ?? {};

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
for (const f of ['int32', 'int64', 'double', 'float', 'byte', 'binary', 'char']) ajv.addFormat(f, true);
ajv.addSchema({ $id: 'openapi.json', components: doc.components ?? {} });
const validators = new Map();
function validatorFor(schema) {
  const key = JSON.stringify(schema);
  if (!validators.has(key)) {
    // Local refs (#/components/...) are resolved against the document added above.
    const rewritten = JSON.parse(key.replaceAll('"#/components/', '"openapi.json#/components/'));
    validators.set(key, ajv.compile(rewritten));
  }
  return validators.get(key);
}

function resolve(schema, depth = 0) {
  if (!schema || depth > 20) return schema ?? {};
  if (schema.$ref) return resolve(schemas[schema.$ref.split('/').pop()], depth + 1);
  return schema;
}
function typesOf(schema) {
  const t = schema.type;
  if (Array.isArray(t)) return t;
  if (t) return [t];
  if (schema.properties || schema.additionalProperties) return ['object'];
  if (schema.items) return ['array'];
  if (schema.enum) return [typeof schema.enum[0] === 'number' ? 'integer' : 'string'];
  return ['string'];
}

// ---- ids seen in answers, so that path parameters sometimes name real courses, applications, questions …
const seenIds = [];
function harvest(value, depth = 0) {
  if (depth > 6 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) { value.slice(0, 20).forEach((v) => harvest(v, depth + 1)); return; }
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string' && /(^id$|Id$)/.test(k) && /^[0-9a-f-]{36}$/i.test(v) && !seenIds.includes(v)) seenIds.push(v);
    else harvest(v, depth + 1);
  }
}

// ---- values from schemas
function generate(schema, rng, depth = 0) {
  const s = resolve(schema);
  if (depth > 6) return null;
  if (s.allOf) return Object.assign({}, ...s.allOf.map((x) => generate(x, rng, depth + 1)));
  if (s.oneOf || s.anyOf) {
    const options = (s.oneOf ?? s.anyOf).filter((x) => resolve(x).type !== 'null');
    return options.length ? generate(rng.pick(options), rng, depth + 1) : null;
  }
  if (s.enum) return rng.pick(s.enum.filter((v) => v !== null));
  const types = typesOf(s).filter((t) => t !== 'null');
  const type = types.includes('integer') ? 'integer' : types.includes('number') ? 'number' : rng.pick(types.length ? types : ['string']);
  switch (type) {
    case 'object': {
      const out = {};
      for (const [name, prop] of Object.entries(s.properties ?? {})) {
        if ((s.required ?? []).includes(name) || rng.chance(0.6)) out[name] = generate(prop, rng, depth + 1);
      }
      if (!s.properties && s.additionalProperties && typeof s.additionalProperties === 'object') {
        for (let i = rng.int(1, 2); i > 0; i--) out[rng.pick(['training_reminder', 'application_result', 'k' + rng.int(0, 99)])] = generate(s.additionalProperties, rng, depth + 1);
      }
      return out;
    }
    case 'array': {
      const n = rng.int(s.minItems ?? 0, Math.min(s.maxItems ?? 3, 3));
      return Array.from({ length: n }, () => generate(s.items ?? {}, rng, depth + 1));
    }
    case 'integer': case 'number': {
      const min = s.minimum ?? (s.format === 'int32' || type === 'integer' ? 0 : 0);
      const max = s.maximum ?? 100;
      const n = rng.int(Math.ceil(min), Math.floor(Math.min(max, min + 1000)));
      return type === 'number' && rng.chance(0.3) ? n + 0.25 : n;
    }
    case 'boolean': return rng.chance(0.5);
    default: return stringFor(s, rng);
  }
}
function stringFor(s, rng) {
  const now = Date.UTC(2026, 11, 2);
  switch (s.format) {
    case 'uuid': return seenIds.length && rng.chance(0.6) ? rng.pick(seenIds) : rng.uuid();
    case 'date-time': return new Date(now + rng.int(-30, 90) * 86400000 + rng.int(0, 23) * 3600000).toISOString();
    case 'date': return new Date(now + rng.int(-3650, 90) * 86400000).toISOString().slice(0, 10);
    case 'time': return `${String(rng.int(0, 23)).padStart(2, '0')}:00:00`;
    case 'email': return `w${rng.int(1, 999)}@example.cn`;
    case 'uri': return `https://example.cn/${rng.int(1, 999)}`;
    default: break;
  }
  if (s.pattern === '^-?(?:0|[1-9]\\d*)$' || s.pattern?.startsWith('^-?(?:0|[1-9]\\d*)')) return String(rng.int(0, 100));
  const words = ['A', 'C', '530102', '云内动力', '张建国', 'level4', '2026-11-v1', 'labourContract', '装配钳工', 'km.shi', 'abc'];
  let text = rng.pick(words);
  if (s.minLength && text.length < s.minLength) text = text.padEnd(s.minLength, 'x');
  if (s.maxLength && text.length > s.maxLength) text = text.slice(0, s.maxLength);
  return text;
}
function wrongTypeFor(schema, rng) {
  const types = typesOf(resolve(schema));
  const candidates = [];
  if (!types.includes('string')) candidates.push('not-a-' + (types[0] ?? 'value'), '张三');
  if (!types.includes('integer') && !types.includes('number')) candidates.push(42, -1.5);
  if (!types.includes('boolean')) candidates.push(true);
  if (!types.includes('object')) candidates.push({ unexpected: '对象' });
  if (!types.includes('array')) candidates.push(['数组']);
  return rng.pick(candidates.length ? candidates : [{ wrong: true }]);
}
function propertiesOf(schema) {
  const s = resolve(schema);
  return { props: Object.keys(s.properties ?? {}), required: s.required ?? [], s };
}

function buildBody(schema, strategy, rng, i) {
  const { props, required, s } = propertiesOf(schema);
  const base = generate(schema, rng);
  const object = base && typeof base === 'object' && !Array.isArray(base);
  const nth = (list) => list[i % Math.max(list.length, 1)];
  switch (strategy) {
    case 'valid': return base;
    case 'empty': return {};
    case 'null-prop':
      if (!object || !props.length) return null;
      return { ...base, [nth(props)]: null };
    case 'wrong-type':
      if (!object || !props.length) return wrongTypeFor(schema, rng);
      { const p = nth(props); return { ...base, [p]: wrongTypeFor(s.properties[p], rng) }; }
    case 'missing': {
      if (!object) return {};
      const list = required.length ? required : props;
      const copy = { ...base }; delete copy[nth(list)]; return copy;
    }
    case 'nasty': {
      if (!object) return rng.pick(NASTY);
      const copy = { ...base };
      for (const p of props) if (typesOf(resolve(s.properties[p])).includes('string') || rng.chance(0.2)) copy[p] = rng.pick(NASTY);
      return copy;
    }
    case 'boundary': {
      if (!object || !props.length) return rng.pick(BOUNDARY_NUMBERS);
      const p = nth(props);
      const types = typesOf(resolve(s.properties[p]));
      const value = types.includes('string') ? rng.pick(['', 'x'.repeat(5000), '0001-01-01T00:00:00Z', '9999-12-31']) :
        types.includes('array') ? Array.from({ length: 500 }, () => generate(resolve(s.properties[p]).items ?? {}, rng)) : rng.pick(BOUNDARY_NUMBERS);
      return { ...base, [p]: value };
    }
    case 'not-object': return { raw: rng.pick(['null', '[]', '"text"', '42', '{"a":', '{"a":1}}', '\u0000', '']) };
    default: return base;
  }
}

function queryValue(param, strategy, rng) {
  const schema = param.schema ?? {};
  switch (strategy) {
    case 'wrong-type': return String(wrongTypeFor(schema, rng));
    case 'nasty': return rng.pick(NASTY);
    case 'boundary': return String(rng.pick([...BOUNDARY_NUMBERS, '', '0001-01-01']));
    default: { const v = generate(schema, rng); return v === null || v === undefined ? undefined : typeof v === 'object' ? JSON.stringify(v) : String(v); }
  }
}

// ---- sessions
async function post(path, body, token) {
  const response = await fetch(BASE + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}
function idNumber(rng) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const body = '530102' + `19${rng.int(70, 99)}` + String(rng.int(1, 12)).padStart(2, '0') + String(rng.int(1, 28)).padStart(2, '0') + String(rng.int(0, 999)).padStart(3, '0');
  const sum = [...body].reduce((acc, c, i) => acc + Number(c) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}
async function workerToken(rng) {
  const code = await post('/wechat-sim/dev/login-code', {});
  const login = await post('/api/auth/wechat-login', { code: code.code });
  const token = login.accessToken;
  // A complete identity, so that the fuzzer gets past "fill in your profile first" into the endpoints' own rules.
  await post('/api/me/consents/sensitive-personal-information', { textVersion: '2026-11-v1' }, token);
  const put = await fetch(`${BASE}/api/me/profile`, {
    method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ realName: '张建国', idNumber: idNumber(rng), industrySection: 'C', employmentForm: 'labourContract', countyCode: '530111', isEcologicalMigrant: false }),
  });
  if (!put.ok) throw new Error(`PUT /api/me/profile answered ${put.status}: ${await put.text()}`);
  const phone = await post('/wechat-sim/dev/phone-code', { phoneNumber: `139${String(rng.int(0, 99999999)).padStart(8, '0')}` });
  await post('/api/me/phone', { code: phone.code }, token);
  return token;
}
async function officerToken() {
  return (await post('/api/auth/officer-login', OFFICER)).accessToken;
}

// ---- one request and its checks
const counts = { requests: 0, serverErrors: 0, statusViolations: 0, schemaViolations: 0, problemTypeViolations: 0, networkErrors: 0 };
const failures = [];
function fail(kind, context, detail) {
  counts[kind]++;
  failures.push({ kind, ...context, detail });
}

function mediaType(header) { return (header ?? '').split(';')[0].trim().toLowerCase(); }

async function send(op, role, token, strategy, rng, i) {
  let path = op.path;
  const query = new URLSearchParams();
  for (const param of op.parameters) {
    if (param.in === 'path') {
      const value = strategy === 'bad-path' ? rng.pick(['not-a-guid', '0', '中文', '%00']) : queryValue(param, 'valid', rng) ?? rng.uuid();
      path = path.replace(`{${param.name}}`, encodeURIComponent(value));
    } else if (param.in === 'query') {
      const q = param.required || rng.chance(0.5) ? queryValue(param, ['wrong-type', 'nasty', 'boundary'].includes(strategy) && rng.chance(0.5) ? strategy : 'valid', rng) : undefined;
      // Kept under Kestrel's request-line limit (8 KB): a longer line is refused with a bare 414 before the application.
      if (q !== undefined) query.set(param.name, q.slice(0, 300));
    }
  }
  const url = BASE + path + (query.size ? `?${query}` : '');
  // Clients send all sorts of Accept headers (browsers text/html, some none at all); errors must be problem+json for all.
  const accept = rng.pick(['application/json', 'application/json, application/problem+json', '*/*', 'text/html', 'text/plain', 'application/xml', null]);
  const headers = accept ? { accept } : {};
  if (token) headers.authorization = `Bearer ${token}`;
  let body;
  const jsonSchema = op.requestBody?.content?.['application/json']?.schema;
  if (jsonSchema) {
    const value = buildBody(jsonSchema, strategy, rng, i);
    headers['content-type'] = 'application/json';
    body = value && typeof value === 'object' && 'raw' in value && Object.keys(value).length === 1 ? value.raw : JSON.stringify(value);
  } else if (op.requestBody) {
    // multipart uploads: an empty form is the least the endpoint must refuse cleanly.
    headers['content-type'] = 'multipart/form-data; boundary=fuzz';
    body = '--fuzz--\r\n';
  }
  const context = { role, method: op.method.toUpperCase(), path: op.path, url: url.slice(BASE.length), strategy, accept, request: body?.slice?.(0, 300) };
  counts.requests++;
  let response, text;
  try {
    response = await fetch(url, { method: op.method.toUpperCase(), headers, body, redirect: 'manual' });
    text = await response.text();
  } catch (e) {
    fail('networkErrors', context, String(e));
    return;
  }
  const status = response.status;
  const type = mediaType(response.headers.get('content-type'));
  context.status = status;
  context.response = text.slice(0, 300);
  if (status >= 500) fail('serverErrors', context, `status ${status}`);
  const documented = op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses.default;
  if (!documented) fail('statusViolations', context, `status ${status} not documented (documented: ${Object.keys(op.responses).join(', ')})`);
  if (status >= 400 && type !== 'application/problem+json') fail('problemTypeViolations', context, `error with content-type '${type}'`);
  if (!documented || status === 204 || status === 304 || text.length === 0) {
    if (documented && text.length === 0 && documented.content && status !== 204) fail('schemaViolations', context, 'empty body where the document promises content');
    return;
  }
  const content = documented.content ?? {};
  const media = content[type] ?? (type.endsWith('json') ? content['application/json'] ?? content['application/problem+json'] : undefined);
  if (!media) { fail('schemaViolations', context, `body of type '${type}' not documented (documented: ${Object.keys(content).join(', ') || 'none'})`); return; }
  if (!media.schema || !type.endsWith('json')) return;
  let json;
  try { json = JSON.parse(text); } catch { fail('schemaViolations', context, 'body is not JSON'); return; }
  if (status < 300) harvest(json);
  const validate = validatorFor(media.schema);
  if (!validate(json)) fail('schemaViolations', context, ajv.errorsText(validate.errors.slice(0, 3)));
}

// ---- the run
const operations = [];
for (const [path, item] of Object.entries(doc.paths ?? {})) {
  if (ONLY && !path.startsWith(ONLY)) continue;
  for (const method of ['get', 'put', 'post', 'delete', 'patch']) {
    const op = item[method];
    if (!op) continue;
    operations.push({ path, method, parameters: [...(item.parameters ?? []), ...(op.parameters ?? [])], requestBody: op.requestBody, responses: op.responses ?? {} });
  }
}
// Reads first (they find ids for the writes), deletions last.
const order = { get: 0, put: 1, post: 1, patch: 1, delete: 2 };
operations.sort((a, b) => order[a.method] - order[b.method]);

const setupRng = new Rng(SEED);
const roles = [['anonymous', null], ['worker', await workerToken(setupRng)], ['officer', await officerToken()]];
const perOperation = [];
const started = Date.now();
for (const [role, token] of roles) {
  for (const op of operations) {
    const before = failures.length;
    const rng = new Rng(hash(`${SEED}|${role}|${op.method}|${op.path}`));
    const strategies = op.requestBody?.content?.['application/json'] ? STRATEGIES_WITH_BODY : STRATEGIES_WITHOUT_BODY;
    for (let i = 0; i < PER_OP; i++) await send(op, role, token, strategies[i % strategies.length], rng, Math.floor(i / strategies.length));
    perOperation.push({ role, op: `${op.method.toUpperCase()} ${op.path}`, failed: failures.length - before });
  }
}

const shown = new Set();
for (const f of failures) {
  const key = `${f.kind}|${f.role}|${f.method} ${f.path}|${f.status}|${f.detail}`;
  if (shown.has(key) || shown.size >= 80) continue;
  shown.add(key);
  console.log(`FAIL ${f.kind} [${f.role}] ${f.method} ${f.url.slice(0, 160)} (${f.strategy}, accept ${f.accept ?? 'none'}) → ${f.status ?? '-'}: ${f.detail}`);
  if (f.request) console.log(`     request:  ${f.request.slice(0, 160)}`);
  // A binary body (a spreadsheet) would make the test log binary: show its printable characters only.
  if (f.response) console.log(`     response: ${f.response.slice(0, 200).replace(/[^\t\n\x20-\x7e\u00a0-\uffff]|\ufffd/g, '.')}`);
}
if (args.report) writeFileSync(args.report, JSON.stringify({ counts, failures }, null, 2));
const failedOps = perOperation.filter((p) => p.failed > 0).length;
console.log(`\noperations: ${operations.length}, roles: ${roles.length}, requests per operation per role: ${PER_OP}, seed: ${SEED}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`requests: ${counts.requests}, server errors: ${counts.serverErrors}, status violations: ${counts.statusViolations}, ` +
  `schema violations: ${counts.schemaViolations}, error content-type violations: ${counts.problemTypeViolations}, network errors: ${counts.networkErrors}`);
console.log(`fuzz: ${perOperation.length - failedOps} passed, ${failedOps} failed`);
process.exit(failures.length ? 1 : 0);
